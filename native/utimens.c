/*
 * tclone's optional native helpers for the local backend.
 *
 * Node's fs.utimes/futimes go through libuv, which truncates times to whole
 * microseconds; rclone keeps nanoseconds on Linux. These functions call
 * utimensat(2)/futimens(2) directly. They also expose the extended attribute
 * calls, which Node has no API for, so that user metadata can be kept.
 *
 * Every function is synchronous (these are short metadata syscalls) and
 * throws an Error carrying `errno` (the positive errno number) and `syscall`
 * on failure; the TypeScript side turns the number into a code name.
 *
 * Plain C against node_api.h only, so that it builds with nothing but a C
 * compiler and Node's headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#if defined(__linux__)
#define TCLONE_HAVE_XATTR 1
#include <sys/xattr.h>
#endif
#include <node_api.h>

#define CHECK(call)                                                    \
  do {                                                                 \
    if ((call) != napi_ok) {                                           \
      napi_throw_error(env, NULL, "tclone native: N-API call failed"); \
      return NULL;                                                     \
    }                                                                  \
  } while (0)

/* Throws an Error with .errno and .syscall set; always returns NULL. */
static napi_value throw_errno(napi_env env, int err, const char *syscall) {
  napi_value msg, error, num, sc;
  char text[256];
  snprintf(text, sizeof text, "%s: %s", syscall, strerror(err));
  if (napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg) != napi_ok) return NULL;
  if (napi_create_error(env, NULL, msg, &error) != napi_ok) return NULL;
  napi_create_int32(env, err, &num);
  napi_set_named_property(env, error, "errno", num);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &sc);
  napi_set_named_property(env, error, "syscall", sc);
  napi_throw(env, error);
  return NULL;
}

/*
 * Reads a path argument (a Buffer holding raw bytes, or a string) into a
 * fresh NUL-terminated heap copy. Buffers matter: file names need not be
 * valid UTF-8. Returns NULL (with a pending exception) on bad input.
 */
static char *get_path(napi_env env, napi_value v) {
  bool is_buffer = false;
  napi_is_buffer(env, v, &is_buffer);
  if (is_buffer) {
    void *data;
    size_t len;
    if (napi_get_buffer_info(env, v, &data, &len) != napi_ok) return NULL;
    if (memchr(data, 0, len) != NULL) {
      napi_throw_type_error(env, NULL, "path must not contain NUL bytes");
      return NULL;
    }
    char *p = malloc(len + 1);
    if (p == NULL) {
      napi_throw_error(env, NULL, "out of memory");
      return NULL;
    }
    memcpy(p, data, len);
    p[len] = 0;
    return p;
  }
  size_t len;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "path must be a string or a Buffer");
    return NULL;
  }
  char *p = malloc(len + 1);
  if (p == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_get_value_string_utf8(env, v, p, len + 1, &len);
  return p;
}

/* Reads (seconds, nanoseconds) from two arguments into a timespec. */
static bool get_timespec(napi_env env, napi_value sec, napi_value nsec, struct timespec *ts) {
  int64_t s, ns;
  if (napi_get_value_int64(env, sec, &s) != napi_ok || napi_get_value_int64(env, nsec, &ns) != napi_ok) {
    napi_throw_type_error(env, NULL, "times must be numbers");
    return false;
  }
  if (ns < 0 || ns > 999999999) {
    napi_throw_range_error(env, NULL, "nanoseconds must be in 0..999999999");
    return false;
  }
  ts->tv_sec = (time_t)s;
  ts->tv_nsec = (long)ns;
  return true;
}

/* utimensat(path, atimeSec, atimeNsec, mtimeSec, mtimeNsec, noFollow) */
static napi_value js_utimensat(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 5) {
    napi_throw_type_error(env, NULL, "utimensat needs path, atime sec/nsec, mtime sec/nsec");
    return NULL;
  }
  struct timespec ts[2];
  if (!get_timespec(env, argv[1], argv[2], &ts[0])) return NULL;
  if (!get_timespec(env, argv[3], argv[4], &ts[1])) return NULL;
  bool nofollow = false;
  if (argc >= 6) napi_get_value_bool(env, argv[5], &nofollow);
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  int rc = utimensat(AT_FDCWD, path, ts, nofollow ? AT_SYMLINK_NOFOLLOW : 0);
  int err = errno;
  free(path);
  if (rc != 0) return throw_errno(env, err, "utimensat");
  return NULL;
}

/* futimens(fd, atimeSec, atimeNsec, mtimeSec, mtimeNsec) */
static napi_value js_futimens(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 5) {
    napi_throw_type_error(env, NULL, "futimens needs fd, atime sec/nsec, mtime sec/nsec");
    return NULL;
  }
  int32_t fd;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "fd must be a number");
    return NULL;
  }
  struct timespec ts[2];
  if (!get_timespec(env, argv[1], argv[2], &ts[0])) return NULL;
  if (!get_timespec(env, argv[3], argv[4], &ts[1])) return NULL;
  if (futimens(fd, ts) != 0) return throw_errno(env, errno, "futimens");
  return NULL;
}

#ifdef TCLONE_HAVE_XATTR
/* listxattr(path, noFollow) -> Buffer of NUL-separated names */
static napi_value js_listxattr(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool nofollow = false;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &nofollow);
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  /* The list can grow between the two calls; retry until it fits. */
  for (int tries = 0; tries < 5; tries++) {
    ssize_t n = nofollow ? llistxattr(path, NULL, 0) : listxattr(path, NULL, 0);
    if (n < 0) {
      int err = errno;
      free(path);
      return throw_errno(env, err, "listxattr");
    }
    void *data;
    napi_value buf;
    char *tmp = malloc(n > 0 ? (size_t)n : 1);
    if (tmp == NULL) {
      free(path);
      napi_throw_error(env, NULL, "out of memory");
      return NULL;
    }
    ssize_t m = n == 0 ? 0 : (nofollow ? llistxattr(path, tmp, (size_t)n) : listxattr(path, tmp, (size_t)n));
    if (m < 0 && errno == ERANGE) {
      free(tmp);
      continue;
    }
    if (m < 0) {
      int err = errno;
      free(tmp);
      free(path);
      return throw_errno(env, err, "listxattr");
    }
    free(path);
    if (napi_create_buffer_copy(env, (size_t)m, tmp, &data, &buf) != napi_ok) {
      free(tmp);
      napi_throw_error(env, NULL, "tclone native: buffer allocation failed");
      return NULL;
    }
    free(tmp);
    return buf;
  }
  free(path);
  return throw_errno(env, ERANGE, "listxattr");
}

/* getxattr(path, name, noFollow) -> Buffer */
static napi_value js_getxattr(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "getxattr needs path and name");
    return NULL;
  }
  bool nofollow = false;
  if (argc >= 3) napi_get_value_bool(env, argv[2], &nofollow);
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  char *name = get_path(env, argv[1]);
  if (name == NULL) {
    free(path);
    return NULL;
  }
  for (int tries = 0; tries < 5; tries++) {
    ssize_t n = nofollow ? lgetxattr(path, name, NULL, 0) : getxattr(path, name, NULL, 0);
    if (n < 0) break;
    char *tmp = malloc(n > 0 ? (size_t)n : 1);
    if (tmp == NULL) {
      free(path);
      free(name);
      napi_throw_error(env, NULL, "out of memory");
      return NULL;
    }
    ssize_t m = n == 0 ? 0 : (nofollow ? lgetxattr(path, name, tmp, (size_t)n) : getxattr(path, name, tmp, (size_t)n));
    if (m < 0 && errno == ERANGE) {
      free(tmp);
      continue;
    }
    if (m < 0) {
      free(tmp);
      break;
    }
    free(path);
    free(name);
    void *data;
    napi_value buf;
    napi_status st = napi_create_buffer_copy(env, (size_t)m, tmp, &data, &buf);
    free(tmp);
    if (st != napi_ok) {
      napi_throw_error(env, NULL, "tclone native: buffer allocation failed");
      return NULL;
    }
    return buf;
  }
  int err = errno;
  free(path);
  free(name);
  return throw_errno(env, err, "getxattr");
}

/* setxattr(path, name, value: Buffer, noFollow) */
static napi_value js_setxattr(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "setxattr needs path, name and value");
    return NULL;
  }
  bool nofollow = false;
  if (argc >= 4) napi_get_value_bool(env, argv[3], &nofollow);
  void *value;
  size_t len;
  bool is_buffer = false;
  napi_is_buffer(env, argv[2], &is_buffer);
  if (!is_buffer || napi_get_buffer_info(env, argv[2], &value, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "value must be a Buffer");
    return NULL;
  }
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  char *name = get_path(env, argv[1]);
  if (name == NULL) {
    free(path);
    return NULL;
  }
  int rc = nofollow ? lsetxattr(path, name, value, len, 0) : setxattr(path, name, value, len, 0);
  int err = errno;
  free(path);
  free(name);
  if (rc != 0) return throw_errno(env, err, "setxattr");
  return NULL;
}

#endif /* TCLONE_HAVE_XATTR */

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"utimensat", NULL, js_utimensat, NULL, NULL, NULL, napi_enumerable, NULL},
      {"futimens", NULL, js_futimens, NULL, NULL, NULL, napi_enumerable, NULL},
#ifdef TCLONE_HAVE_XATTR
      {"listxattr", NULL, js_listxattr, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getxattr", NULL, js_getxattr, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setxattr", NULL, js_setxattr, NULL, NULL, NULL, napi_enumerable, NULL},
#endif
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
