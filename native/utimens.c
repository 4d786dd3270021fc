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
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
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
  /* One conversion into a buffer on the stack when the path fits (nearly always), else two. */
  char buf[1024];
  size_t len;
  if (napi_get_value_string_utf8(env, v, buf, sizeof buf, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "path must be a string or a Buffer");
    return NULL;
  }
  bool fits = len < sizeof buf - 4; /* a longer answer may have been cut short (at a character boundary) */
  if (!fits && napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char *p = malloc(len + 1);
  if (p == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  if (fits) memcpy(p, buf, len + 1);
  else napi_get_value_string_utf8(env, v, p, len + 1, &len);
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


/*
 * lstatdir(dir, follow) -> [names, stats]
 *
 * Lists a directory and stats every entry in one call, in name order: listing a directory
 * of N files from JavaScript costs N round trips, each allocating a large
 * BigInt stats object. names is a Buffer of the entry names (raw bytes), each
 * followed by a NUL; stats is a Float64Array of STAT_FIELDS numbers per entry,
 * in the same order: mode, size, mtime sec, mtime nsec, atime sec, atime
 * nsec, ctime sec, ctime nsec, dev, errno (0, or the errno of a failed stat,
 * when the other fields are 0). Entries that vanish between readdir and stat
 * are reported with errno ENOENT. Doubles hold all of these exactly for any
 * real file system (sizes and seconds far below 2^53).
 */
#define STAT_FIELDS 10

/* Fills STAT_FIELDS doubles from a struct stat (errno field 0). */
static void pack_stat(double *f, const struct stat *st) {
  f[0] = (double)st->st_mode;
  f[1] = (double)st->st_size;
  f[2] = (double)st->st_mtim.tv_sec;
  f[3] = (double)st->st_mtim.tv_nsec;
  f[4] = (double)st->st_atim.tv_sec;
  f[5] = (double)st->st_atim.tv_nsec;
  f[6] = (double)st->st_ctim.tv_sec;
  f[7] = (double)st->st_ctim.tv_nsec;
  f[8] = (double)st->st_dev;
  f[9] = 0;
}

/* A new Float64Array holding one packed stat. */
static napi_value stat_array(napi_env env, const struct stat *st) {
  napi_value ab, arr;
  void *data;
  if (napi_create_arraybuffer(env, STAT_FIELDS * sizeof(double), &data, &ab) != napi_ok) return NULL;
  pack_stat((double *)data, st);
  if (napi_create_typedarray(env, napi_float64_array, STAT_FIELDS, ab, 0, &arr) != napi_ok) return NULL;
  return arr;
}

/* An entry of a listing being sorted: its name and where it was read. */
typedef struct {
  const char *name;
  size_t at;
} sort_ent;

static int sort_ent_cmp(const void *a, const void *b) {
  return strcmp(((const sort_ent *)a)->name, ((const sort_ent *)b)->name);
}

/*
 * Puts a listing in name order, comparing bytes as Go compares strings (and
 * as rclone sorts listings), so that JavaScript's sorts of it find it sorted.
 * Replaces *stats and *names; returns 0, or ENOMEM leaving them as they were.
 */
static int sort_listing(double **stats, size_t n, char **names, size_t nlen) {
  if (n < 2) return 0;
  sort_ent *ents = malloc(n * sizeof *ents);
  double *s2 = malloc(n * STAT_FIELDS * sizeof(double));
  char *n2 = malloc(nlen);
  if (ents == NULL || s2 == NULL || n2 == NULL) {
    free(ents);
    free(s2);
    free(n2);
    return ENOMEM;
  }
  const char *p = *names;
  for (size_t i = 0; i < n; i++) {
    ents[i].name = p;
    ents[i].at = i;
    p += strlen(p) + 1;
  }
  qsort(ents, n, sizeof *ents, sort_ent_cmp);
  size_t off = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(ents[i].name) + 1;
    memcpy(n2 + off, ents[i].name, len);
    off += len;
    memcpy(s2 + i * STAT_FIELDS, *stats + ents[i].at * STAT_FIELDS, STAT_FIELDS * sizeof(double));
  }
  free(ents);
  free(*stats);
  free(*names);
  *stats = s2;
  *names = n2;
  return 0;
}

/*
 * Reads and stats a whole directory into freshly allocated arrays (see
 * lstatdir below). Returns 0, or the errno of what failed with *syscall
 * naming it; on failure nothing is left allocated.
 */
static int list_dir(const char *path, bool follow, double **stats_out, size_t *n_out, char **names_out, size_t *nlen_out,
                    const char **syscall) {
  DIR *d = opendir(path);
  if (d == NULL) {
    *syscall = "opendir";
    return errno;
  }
  int dfd = dirfd(d);
  size_t cap = 64, n = 0, ncap = 4096, nlen = 0;
  double *stats = malloc(cap * STAT_FIELDS * sizeof(double));
  char *names = malloc(ncap);
  if (stats == NULL || names == NULL) {
    closedir(d);
    free(stats);
    free(names);
    *syscall = "malloc";
    return ENOMEM;
  }
  for (;;) {
    errno = 0;
    struct dirent *e = readdir(d);
    if (e == NULL) {
      if (errno != 0) {
        int err = errno;
        closedir(d);
        free(stats);
        free(names);
        *syscall = "readdir";
        return err;
      }
      break;
    }
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    size_t len = strlen(e->d_name);
    if (n == cap || nlen + len + 1 > ncap) {
      if (n == cap) cap *= 2;
      while (nlen + len + 1 > ncap) ncap *= 2;
      double *s2 = realloc(stats, cap * STAT_FIELDS * sizeof(double));
      char *n2 = realloc(names, ncap);
      if (s2 != NULL) stats = s2;
      if (n2 != NULL) names = n2;
      if (s2 == NULL || n2 == NULL) {
        closedir(d);
        free(stats);
        free(names);
        *syscall = "malloc";
        return ENOMEM;
      }
    }
    memcpy(names + nlen, e->d_name, len + 1);
    nlen += len + 1;
    double *f = stats + n * STAT_FIELDS;
    struct stat st;
    if (fstatat(dfd, e->d_name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
      int err = errno;
      for (int i = 0; i < STAT_FIELDS - 1; i++) f[i] = 0;
      f[STAT_FIELDS - 1] = err;
    } else {
      pack_stat(f, &st);
    }
    n++;
  }
  closedir(d);
  if (sort_listing(&stats, n, &names, nlen) != 0) {
    free(stats);
    free(names);
    *syscall = "malloc";
    return ENOMEM;
  }
  *stats_out = stats;
  *n_out = n;
  *names_out = names;
  *nlen_out = nlen;
  return 0;
}

/* A pair of values as a two-element array, or NULL. */
static napi_value pair_array(napi_env env, napi_value a, napi_value b) {
  napi_value result;
  if (napi_create_array_with_length(env, 2, &result) != napi_ok || napi_set_element(env, result, 0, a) != napi_ok ||
      napi_set_element(env, result, 1, b) != napi_ok)
    return NULL;
  return result;
}

/* A listing as two values, names Buffer and stats Float64Array; frees stats and names. */
static bool listing_values(napi_env env, double *stats, size_t n, char *names, size_t nlen, napi_value *namesBuf, napi_value *statArr) {
  napi_value arrayBuf;
  void *data;
  if (napi_create_buffer_copy(env, nlen, names, &data, namesBuf) != napi_ok ||
      napi_create_arraybuffer(env, n * STAT_FIELDS * sizeof(double), &data, &arrayBuf) != napi_ok) {
    free(stats);
    free(names);
    return false;
  }
  memcpy(data, stats, n * STAT_FIELDS * sizeof(double));
  free(stats);
  free(names);
  return napi_create_typedarray(env, napi_float64_array, n * STAT_FIELDS, arrayBuf, 0, statArr) == napi_ok;
}

/* Makes the [names, stats] pair of a listing (freeing the arrays). */
static napi_value listing_result(napi_env env, double *stats, size_t n, char *names, size_t nlen) {
  napi_value namesBuf, statArr;
  return listing_values(env, stats, n, names, nlen, &namesBuf, &statArr) ? pair_array(env, namesBuf, statArr) : NULL;
}

static napi_value js_lstatdir(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) {
    napi_throw_type_error(env, NULL, "lstatdir needs a directory path");
    return NULL;
  }
  bool follow = false;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &follow);
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  double *stats;
  char *names;
  size_t n, nlen;
  const char *syscall = "";
  int err = list_dir(path, follow, &stats, &n, &names, &nlen, &syscall);
  free(path);
  if (err != 0) return throw_errno(env, err, syscall);
  napi_value r = listing_result(env, stats, n, names, nlen);
  if (r == NULL) napi_throw_error(env, NULL, "tclone native: N-API call failed");
  return r;
}

/*
 * lstat(path, follow) -> Float64Array of STAT_FIELDS, or undefined if the
 * path does not exist. A cheaper answer than Node's BigInt stats object.
 */
static napi_value js_lstat(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  bool follow = false;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &follow);
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  struct stat st;
  int rc = follow ? stat(path, &st) : lstat(path, &st);
  int err = errno;
  free(path);
  if (rc != 0) {
    if (err == ENOENT) {
      napi_value undef;
      napi_get_undefined(env, &undef);
      return undef;
    }
    return throw_errno(env, err, follow ? "stat" : "lstat");
  }
  return stat_array(env, &st);
}

/* Writes len bytes at fd; 0 or errno. */
static int write_all(int fd, const char *data, size_t len) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += (size_t)n;
  }
  return 0;
}

/*
 * Reads fd to its end, at most max+1 bytes (so that a caller expecting max
 * bytes sees a file that grew), into a new buffer. Returns 0, or the errno
 * with *syscall naming the call (nothing left allocated).
 */
static int read_upto(int fd, size_t max, char **data, size_t *len, const char **syscall) {
  size_t cap = max + 1, got = 0;
  char *buf = malloc(cap);
  if (buf == NULL) {
    *syscall = "malloc";
    return ENOMEM;
  }
  while (got < cap) {
    ssize_t n = read(fd, buf + got, cap - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      free(buf);
      *syscall = "read";
      return err;
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  *data = buf;
  *len = got;
  return 0;
}

/*
 * Creates (or truncates) path, writes all of data, sets its times, fstats it
 * into *st and closes it. Returns 0, or the errno with *syscall naming the
 * call; the caller removes the file on failure.
 */
static int write_timed(const char *path, const char *data, size_t len, const struct timespec ts[2], struct stat *st,
                       const char **syscall) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    *syscall = "open";
    return errno;
  }
  int err = write_all(fd, data, len);
  if (err != 0) *syscall = "write";
  else if (futimens(fd, ts) != 0) {
    err = errno;
    *syscall = "futimens";
  } else if (fstat(fd, st) != 0) {
    err = errno;
    *syscall = "fstat";
  }
  if (close(fd) != 0 && err == 0) {
    err = errno;
    *syscall = "close";
  }
  return err;
}

/*
 * readfile(path, max) -> [Buffer data, Float64Array stat]
 *
 * Reads a whole small file: open, read until EOF (at most max+1 bytes, so
 * that a caller expecting max bytes sees a file that grew), fstat after the
 * read (to check the file did not change while read), close.
 */
static napi_value js_readfile(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t max = 0;
  if (argc < 2 || napi_get_value_int64(env, argv[1], &max) != napi_ok || max < 0) {
    napi_throw_type_error(env, NULL, "readfile needs a path and a size limit");
    return NULL;
  }
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  int err = errno;
  free(path);
  if (fd < 0) return throw_errno(env, err, "open");
  char *buf;
  size_t got;
  const char *syscall = "";
  err = read_upto(fd, (size_t)max, &buf, &got, &syscall);
  if (err != 0) {
    close(fd);
    return throw_errno(env, err, syscall);
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    err = errno;
    free(buf);
    close(fd);
    return throw_errno(env, err, "fstat");
  }
  close(fd);
  napi_value data, statArr, result;
  void *out;
  if (napi_create_buffer_copy(env, got, buf, &out, &data) != napi_ok) {
    free(buf);
    napi_throw_error(env, NULL, "tclone native: N-API call failed");
    return NULL;
  }
  free(buf);
  statArr = stat_array(env, &st);
  if (statArr == NULL) return NULL;
  CHECK(napi_create_array_with_length(env, 2, &result));
  CHECK(napi_set_element(env, result, 0, data));
  CHECK(napi_set_element(env, result, 1, statArr));
  return result;
}

/*
 * writefile(path, data, mtimeSec, mtimeNsec) -> Float64Array stat
 *
 * Creates (or truncates) path, writes all of data, sets atime and mtime to
 * the given time, fstats and closes it. On failure the caller removes the
 * file; errno and syscall say what failed.
 */
static napi_value js_writefile(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "writefile needs path, data, mtime sec/nsec");
    return NULL;
  }
  void *data;
  size_t len;
  if (napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "data must be a Buffer");
    return NULL;
  }
  struct timespec ts[2];
  if (!get_timespec(env, argv[2], argv[3], &ts[1])) return NULL;
  ts[0] = ts[1];
  char *path = get_path(env, argv[0]);
  if (path == NULL) return NULL;
  struct stat st;
  const char *syscall = "";
  int err = write_timed(path, data, len, ts, &st, &syscall);
  free(path);
  if (err != 0) return throw_errno(env, err, syscall);
  return stat_array(env, &st);
}

/*
 * Asynchronous versions: the same work on libuv's thread pool, answered
 * with a promise. One thread-pool trip per whole-file operation, where
 * Node's fs would make one per syscall, and the main thread keeps running
 * JavaScript for other files meanwhile.
 */
typedef enum { OP_READ, OP_WRITE, OP_RENAME, OP_LSTAT, OP_LSTATDIR, OP_COPY } op_kind;

/*
 * Message digests for the small-file copy come from the OpenSSL inside the
 * Node binary, found at load time: an addon linked against it would not
 * load at all in a Node built without it, where this simply goes without.
 */
typedef const void *(*get_digest_fn)(const char *name);
typedef int (*digest_fn)(const void *data, size_t count, unsigned char *md, unsigned int *size, const void *type, void *impl);
static get_digest_fn evp_get_digestbyname;
static digest_fn evp_digest;
#define COPY_MAX_DIGESTS 4
#define DIGEST_MAX 64

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  op_kind kind;
  char *path;
  char *path2;
  size_t max;
  char *data;
  size_t len;
  napi_ref data_ref;
  struct timespec ts[2];
  struct stat st;
  bool follow;
  int err;
  const char *syscall;
  bool missing;
  double *stats;
  size_t nstats;
  /* OP_COPY: path -> path2 (then renamed to path3 when set), expected size in max and mtime in ts[1] */
  char *path3;
  bool check_updated;
  bool changed;
  bool err_at_dst;
  int rename_err;
  struct stat src_st;
  int ndigests;
  const void *digests[COPY_MAX_DIGESTS];
  unsigned char sums[COPY_MAX_DIGESTS][DIGEST_MAX];
  unsigned int sum_len[COPY_MAX_DIGESTS];
} job_t;

static void job_free(napi_env env, job_t *j) {
  free(j->stats);
  free(j->path);
  free(j->path2);
  free(j->path3);
  if (j->data_ref != NULL) napi_delete_reference(env, j->data_ref);
  else free(j->data);
  free(j);
}

/*
 * Copies a small file whole: read the source (checking that it still has
 * the size and time it was listed with), digest it, write the destination,
 * set its time, and rename it to its final name. One trip to the thread
 * pool for what would otherwise be several, each with the main thread
 * doing the system calls or waiting for them.
 */
static void copy_small(job_t *j) {
  int in = open(j->path, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    j->err = errno;
    j->syscall = "open";
    return;
  }
  if (fstat(in, &j->src_st) != 0) {
    j->err = errno;
    j->syscall = "fstat";
    close(in);
    return;
  }
  if (j->check_updated && ((size_t)j->src_st.st_size != j->max || j->src_st.st_mtim.tv_sec != j->ts[1].tv_sec ||
                           j->src_st.st_mtim.tv_nsec != j->ts[1].tv_nsec)) {
    j->changed = true;
    close(in);
    return;
  }
  j->err = read_upto(in, j->max, &j->data, &j->len, &j->syscall);
  close(in);
  if (j->err != 0) return;
  if (j->len != j->max) {
    j->changed = true;
    return;
  }
  for (int k = 0; k < j->ndigests; k++) {
    if (!evp_digest(j->data, j->len, j->sums[k], &j->sum_len[k], j->digests[k], NULL)) {
      j->err = EIO;
      j->syscall = "digest";
      return;
    }
  }
  j->err_at_dst = true;
  j->err = write_timed(j->path2, j->data, j->len, j->ts, &j->st, &j->syscall);
  if (j->err != 0) {
    if (strcmp(j->syscall, "open") != 0) unlink(j->path2);
    return;
  }
  /* A failed rename leaves the complete file under its temporary name, for the caller's own rename to report. */
  if (j->path3 != NULL && rename(j->path2, j->path3) != 0) j->rename_err = errno;
}

static void job_execute(napi_env env, void *arg) {
  (void)env;
  job_t *j = arg;
  switch (j->kind) {
    case OP_COPY:
      copy_small(j);
      return;
    case OP_LSTATDIR:
      j->err = list_dir(j->path, j->follow, &j->stats, &j->nstats, &j->data, &j->len, &j->syscall);
      return;
    case OP_LSTAT: {
      int rc = j->follow ? stat(j->path, &j->st) : lstat(j->path, &j->st);
      if (rc != 0) {
        if (errno == ENOENT) j->missing = true;
        else {
          j->err = errno;
          j->syscall = j->follow ? "stat" : "lstat";
        }
      }
      return;
    }
    case OP_RENAME:
      if (rename(j->path, j->path2) != 0) {
        j->err = errno;
        j->syscall = "rename";
      }
      return;
    case OP_READ: {
      int fd = open(j->path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        j->err = errno;
        j->syscall = "open";
        return;
      }
      j->err = read_upto(fd, j->max, &j->data, &j->len, &j->syscall);
      if (j->err == 0 && fstat(fd, &j->st) != 0) {
        j->err = errno;
        j->syscall = "fstat";
      }
      close(fd);
      return;
    }
    case OP_WRITE:
      j->err = write_timed(j->path, j->data, j->len, j->ts, &j->st, &j->syscall);
      return;
  }
}

static void free_data(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

/* Builds the same errno-carrying Error as throw_errno, without throwing. */
static napi_value make_errno_error(napi_env env, int err, const char *syscall) {
  napi_value msg, error, num, sc;
  char text[256];
  snprintf(text, sizeof text, "%s: %s", syscall, strerror(err));
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, NULL, msg, &error);
  napi_create_int32(env, err, &num);
  napi_set_named_property(env, error, "errno", num);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &sc);
  napi_set_named_property(env, error, "syscall", sc);
  return error;
}

/* Fields of a copy's stats array after the two packed stats (see copySmallAsync below). */
#define COPY_RENAME_ERRNO (2 * STAT_FIELDS)
#define COPY_CHANGED (2 * STAT_FIELDS + 1)
#define COPY_STATS (2 * STAT_FIELDS + 2)

/* A copy's answer as two values: the stats array and the hex digests. */
static bool copy_values(napi_env env, job_t *j, napi_value *stats, napi_value *hexv) {
  static const char digits[] = "0123456789abcdef";
  napi_value ab;
  char hex[COPY_MAX_DIGESTS * (DIGEST_MAX * 2 + 1) + 1];
  size_t at = 0;
  for (int k = 0; k < j->ndigests; k++) {
    for (unsigned int b = 0; b < j->sum_len[k]; b++) {
      hex[at++] = digits[j->sums[k][b] >> 4];
      hex[at++] = digits[j->sums[k][b] & 15];
    }
    if (k + 1 < j->ndigests) hex[at++] = ',';
  }
  void *data;
  if (napi_create_arraybuffer(env, COPY_STATS * sizeof(double), &data, &ab) != napi_ok) return false;
  double *f = data;
  pack_stat(f, &j->src_st);
  if (j->changed) memset(f + STAT_FIELDS, 0, STAT_FIELDS * sizeof(double));
  else pack_stat(f + STAT_FIELDS, &j->st);
  f[COPY_RENAME_ERRNO] = j->rename_err;
  f[COPY_CHANGED] = j->changed ? 1 : 0;
  return napi_create_typedarray(env, napi_float64_array, COPY_STATS, ab, 0, stats) == napi_ok &&
         napi_create_string_latin1(env, hex, at, hexv) == napi_ok;
}

/* copySmallAsync's [stats, hex digests]. */
static napi_value copy_result(napi_env env, job_t *j) {
  napi_value stats, hex;
  return copy_values(env, j, &stats, &hex) ? pair_array(env, stats, hex) : NULL;
}

/* The Error of a failed copy: errno, syscall and whether it was at the destination. */
static napi_value copy_error(napi_env env, job_t *j) {
  napi_value error = make_errno_error(env, j->err, j->syscall), where;
  napi_get_boolean(env, j->err_at_dst, &where);
  napi_set_named_property(env, error, "atDestination", where);
  return error;
}

static void job_complete(napi_env env, napi_status status, void *arg) {
  job_t *j = arg;
  napi_value result = NULL;
  if (status != napi_ok && j->err == 0) {
    j->err = EIO;
    j->syscall = "async";
  }
  if (j->err != 0) {
    napi_reject_deferred(env, j->deferred, j->kind == OP_COPY ? copy_error(env, j) : make_errno_error(env, j->err, j->syscall));
  } else {
    switch (j->kind) {
      case OP_LSTATDIR:
        result = listing_result(env, j->stats, j->nstats, j->data, j->len);
        j->stats = NULL; /* freed by listing_result */
        j->data = NULL;
        if (result == NULL) napi_get_undefined(env, &result);
        break;
      case OP_LSTAT:
        if (j->missing) napi_get_undefined(env, &result);
        else result = stat_array(env, &j->st);
        break;
      case OP_RENAME:
        napi_get_undefined(env, &result);
        break;
      case OP_COPY:
        result = copy_result(env, j);
        break;
      case OP_WRITE:
        result = stat_array(env, &j->st);
        break;
      case OP_READ: {
        napi_value buf, arr;
        if (napi_create_external_buffer(env, j->len, j->data, free_data, NULL, &buf) == napi_ok) {
          j->data = NULL; /* the buffer owns it now */
        } else {
          void *out;
          napi_create_buffer_copy(env, j->len, j->data, &out, &buf);
        }
        arr = stat_array(env, &j->st);
        napi_create_array_with_length(env, 2, &result);
        napi_set_element(env, result, 0, buf);
        napi_set_element(env, result, 1, arr);
        break;
      }
    }
    napi_resolve_deferred(env, j->deferred, result);
  }
  napi_delete_async_work(env, j->work);
  job_free(env, j);
}

/* Queues a job and returns its promise (NULL with an exception pending on failure). */
static napi_value job_queue(napi_env env, job_t *j, const char *name) {
  napi_value promise, resource_name;
  if (napi_create_promise(env, &j->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
      napi_create_async_work(env, NULL, resource_name, job_execute, job_complete, j, &j->work) != napi_ok ||
      napi_queue_async_work(env, j->work) != napi_ok) {
    job_free(env, j);
    napi_throw_error(env, NULL, "tclone native: could not queue work");
    return NULL;
  }
  return promise;
}

/* A new job, or NULL with a JS "out of memory" error thrown. */
static job_t *job_new(napi_env env, op_kind kind) {
  job_t *j = calloc(1, sizeof *j);
  if (j == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  j->kind = kind;
  return j;
}

/* A job on one path with a follow flag: lstat or lstatdir. */
static napi_value path_follow_job(napi_env env, napi_callback_info info, op_kind kind, const char *name) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  job_t *j = job_new(env, kind);
  if (j == NULL) return NULL;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &j->follow);
  j->path = get_path(env, argv[0]);
  if (j->path == NULL) {
    job_free(env, j);
    return NULL;
  }
  return job_queue(env, j, name);
}

/* lstatAsync(path, follow) -> Promise<Float64Array | undefined> */
static napi_value js_lstat_async(napi_env env, napi_callback_info info) {
  return path_follow_job(env, info, OP_LSTAT, "tclone.lstat");
}

/* lstatdirAsync(dir, follow) -> Promise<[names, stats]> */
static napi_value js_lstatdir_async(napi_env env, napi_callback_info info) {
  return path_follow_job(env, info, OP_LSTATDIR, "tclone.lstatdir");
}

/* renameAsync(from, to) -> Promise<void> */
static napi_value js_rename_async(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "rename needs two paths");
    return NULL;
  }
  job_t *j = job_new(env, OP_RENAME);
  if (j == NULL) return NULL;
  j->path = get_path(env, argv[0]);
  j->path2 = j->path == NULL ? NULL : get_path(env, argv[1]);
  if (j->path2 == NULL) {
    job_free(env, j);
    return NULL;
  }
  return job_queue(env, j, "tclone.rename");
}

/* readfileAsync(path, max) -> Promise<[Buffer, Float64Array]> */
static napi_value js_readfile_async(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t max = 0;
  if (argc < 2 || napi_get_value_int64(env, argv[1], &max) != napi_ok || max < 0) {
    napi_throw_type_error(env, NULL, "readfile needs a path and a size limit");
    return NULL;
  }
  job_t *j = job_new(env, OP_READ);
  if (j == NULL) return NULL;
  j->max = (size_t)max;
  j->path = get_path(env, argv[0]);
  if (j->path == NULL) {
    job_free(env, j);
    return NULL;
  }
  return job_queue(env, j, "tclone.readfile");
}

/* writefileAsync(path, data, mtimeSec, mtimeNsec) -> Promise<Float64Array> */
static napi_value js_writefile_async(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "writefile needs path, data, mtime sec/nsec");
    return NULL;
  }
  job_t *j = job_new(env, OP_WRITE);
  if (j == NULL) return NULL;
  void *data;
  if (napi_get_buffer_info(env, argv[1], &data, &j->len) != napi_ok) {
    job_free(env, j);
    napi_throw_type_error(env, NULL, "data must be a Buffer");
    return NULL;
  }
  /* The Buffer's memory stays put; the reference keeps it alive until the work is done. */
  j->data = data;
  if (napi_create_reference(env, argv[1], 1, &j->data_ref) != napi_ok) {
    j->data = NULL;
    job_free(env, j);
    napi_throw_error(env, NULL, "tclone native: N-API call failed");
    return NULL;
  }
  if (!get_timespec(env, argv[2], argv[3], &j->ts[1])) {
    job_free(env, j);
    return NULL;
  }
  j->ts[0] = j->ts[1];
  j->path = get_path(env, argv[0]);
  if (j->path == NULL) {
    job_free(env, j);
    return NULL;
  }
  return job_queue(env, j, "tclone.writefile");
}

/*
 * copySmallAsync(src, dst, final | null, size, mtimeSec, mtimeNsec, checkUpdated, digests)
 *   -> Promise<[stats, hexDigests]>
 * digests is a comma-separated list of OpenSSL digest names ("md5,sha1").
 * stats is one Float64Array: the source's packed stat, the destination's,
 * then the rename's errno (0 if none or it worked) and 1 if the source had
 * changed (then the destination's fields are 0 and nothing was written). The
 * source must still have the given size and mtime when checkUpdated. Errors
 * carry atDestination.
 */
/* A copy job from the 8 arguments (src, dst, final, size, sec, nsec, checkUpdated, digests), or NULL with an exception. */
static job_t *copy_job(napi_env env, napi_value *argv, size_t argc) {
  int64_t size = 0;
  if (argc < 8 || napi_get_value_int64(env, argv[3], &size) != napi_ok || size < 0) {
    napi_throw_type_error(env, NULL, "copySmall needs src, dst, final, size, mtime sec/nsec, checkUpdated, digests");
    return NULL;
  }
  job_t *j = job_new(env, OP_COPY);
  if (j == NULL) return NULL;
  j->max = (size_t)size;
  napi_get_value_bool(env, argv[6], &j->check_updated);
  char names[128];
  size_t nlen = 0;
  if (napi_get_value_string_utf8(env, argv[7], names, sizeof names, &nlen) != napi_ok) {
    job_free(env, j);
    napi_throw_type_error(env, NULL, "digests must be a string");
    return NULL;
  }
  for (char *save = NULL, *name = nlen > 0 ? strtok_r(names, ",", &save) : NULL; name != NULL; name = strtok_r(NULL, ",", &save)) {
    const void *md = j->ndigests < COPY_MAX_DIGESTS ? evp_get_digestbyname(name) : NULL;
    if (md == NULL) {
      job_free(env, j);
      napi_throw_type_error(env, NULL, "unknown or too many digests");
      return NULL;
    }
    j->digests[j->ndigests++] = md;
  }
  if (!get_timespec(env, argv[4], argv[5], &j->ts[1])) {
    job_free(env, j);
    return NULL;
  }
  j->ts[0] = j->ts[1];
  napi_valuetype t;
  napi_typeof(env, argv[2], &t);
  j->path = get_path(env, argv[0]);
  j->path2 = j->path == NULL ? NULL : get_path(env, argv[1]);
  if (j->path2 != NULL && t != napi_null && t != napi_undefined) {
    j->path3 = get_path(env, argv[2]);
    if (j->path3 == NULL) {
      job_free(env, j);
      return NULL;
    }
  }
  if (j->path2 == NULL) {
    job_free(env, j);
    return NULL;
  }
  return j;
}

static napi_value js_copy_small_async(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  job_t *j = copy_job(env, argv, argc);
  return j == NULL ? NULL : job_queue(env, j, "tclone.copysmall");
}

/*
 * The I/O thread: one thread of its own that takes jobs (small-file copies,
 * directory listings) from a queue and hands results back through a
 * thread-safe function. On a fast file system such a job is tens of
 * microseconds; waking a sleeping pool thread for each (and the main thread
 * for each answer) costs about as much again, and on a two-core machine the
 * woken thread preempts the main one. This thread spins a little before
 * sleeping, so that a steady stream of jobs needs no wake-ups, and its
 * answers come back in batches.
 *
 * ioStart(callback(id, error, a, b)); ioCopy(id, ...copySmallAsync's
 * arguments); ioList(id, dir, follow). a and b are the two elements of
 * copySmallAsync's or lstatdir's result, passed as they are (an array costs
 * more to build through N-API than the rest of the answer).
 */
typedef struct copy_item {
  struct copy_item *next;
  job_t *job;
  double id;
} copy_item;

static pthread_mutex_t copier_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t copier_cv = PTHREAD_COND_INITIALIZER;
static copy_item *copier_head, *copier_tail;
static atomic_int copier_queued;
static bool copier_sleeping;
static napi_threadsafe_function copier_tsfn;
static int copier_pending; /* main thread only */

/* How long the copier spins for the next job before sleeping (a job takes tens of microseconds). */
#define COPIER_SPIN_NS 50000L

static long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *copier_main(void *arg) {
  (void)arg;
  for (;;) {
    /* Spin a while for the next job before sleeping on the condition variable. */
    long until = now_ns() + COPIER_SPIN_NS;
    while (atomic_load_explicit(&copier_queued, memory_order_acquire) == 0 && now_ns() < until) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    pthread_mutex_lock(&copier_mu);
    while (copier_head == NULL) {
      copier_sleeping = true;
      pthread_cond_wait(&copier_cv, &copier_mu);
      copier_sleeping = false;
    }
    copy_item *it = copier_head;
    copier_head = it->next;
    if (copier_head == NULL) copier_tail = NULL;
    atomic_fetch_sub_explicit(&copier_queued, 1, memory_order_release);
    pthread_mutex_unlock(&copier_mu);
    job_t *j = it->job;
    if (j->kind == OP_LSTATDIR) j->err = list_dir(j->path, j->follow, &j->stats, &j->nstats, &j->data, &j->len, &j->syscall);
    else copy_small(j);
    if (napi_call_threadsafe_function(copier_tsfn, it, napi_tsfn_blocking) != napi_ok) {
      free(it->job->data);
      free(it);
    }
  }
  return NULL;
}

static void copier_call_js(napi_env env, napi_value cb, void *context, void *data) {
  (void)context;
  copy_item *it = data;
  job_t *j = it->job;
  if (env != NULL) {
    /* (id, error, a, b): a copy's stats and digests, or a listing's names and stats. */
    napi_value argv[4], undef;
    napi_get_undefined(env, &undef);
    napi_create_double(env, it->id, &argv[0]);
    argv[1] = argv[2] = argv[3] = undef;
    if (j->err != 0) {
      argv[1] = j->kind == OP_COPY ? copy_error(env, j) : make_errno_error(env, j->err, j->syscall);
    } else if (j->kind == OP_COPY) {
      if (!copy_values(env, j, &argv[2], &argv[3])) argv[2] = argv[3] = undef;
    } else {
      if (!listing_values(env, j->stats, j->nstats, j->data, j->len, &argv[2], &argv[3])) argv[2] = argv[3] = undef;
      j->stats = NULL; /* freed by listing_values */
      j->data = NULL;
    }
    if (--copier_pending == 0) napi_unref_threadsafe_function(env, copier_tsfn);
    napi_call_function(env, undef, cb, 4, argv, NULL);
  }
  job_free(env, j);
  free(it);
}

static napi_value js_copier_start(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], name, ok;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (copier_tsfn != NULL) {
    napi_get_boolean(env, false, &ok);
    return ok;
  }
  napi_create_string_utf8(env, "tclone.copier", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL, NULL, NULL, copier_call_js, &copier_tsfn) != napi_ok) {
    napi_throw_error(env, NULL, "tclone native: could not start the copier");
    return NULL;
  }
  napi_unref_threadsafe_function(env, copier_tsfn);
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  /* One thread: with the main thread that makes two busy cores; more would preempt the main thread on two. */
  int rc = pthread_create(&t, &attr, copier_main, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    napi_release_threadsafe_function(copier_tsfn, napi_tsfn_abort);
    copier_tsfn = NULL;
    return throw_errno(env, rc, "pthread_create");
  }
  napi_get_boolean(env, true, &ok);
  return ok;
}

/* Queues a job for the I/O thread (taking ownership of it); NULL with an exception on failure. */
static napi_value copier_queue(napi_env env, napi_value idv, job_t *j) {
  copy_item *it = calloc(1, sizeof *it);
  if (it == NULL) {
    job_free(env, j);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_get_value_double(env, idv, &it->id);
  it->job = j;
  if (copier_pending++ == 0) napi_ref_threadsafe_function(env, copier_tsfn);
  pthread_mutex_lock(&copier_mu);
  if (copier_tail != NULL) copier_tail->next = it;
  else copier_head = it;
  copier_tail = it;
  atomic_fetch_add_explicit(&copier_queued, 1, memory_order_release);
  if (copier_sleeping) pthread_cond_signal(&copier_cv);
  pthread_mutex_unlock(&copier_mu);
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

static napi_value js_io_copy(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (copier_tsfn == NULL || argc < 9) {
    napi_throw_error(env, NULL, "ioCopy: the I/O thread is not started");
    return NULL;
  }
  job_t *j = copy_job(env, argv + 1, argc - 1);
  return j == NULL ? NULL : copier_queue(env, argv[0], j);
}

static napi_value js_io_list(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (copier_tsfn == NULL || argc < 3) {
    napi_throw_error(env, NULL, "ioList: the I/O thread is not started");
    return NULL;
  }
  job_t *j = job_new(env, OP_LSTATDIR);
  if (j == NULL) return NULL;
  napi_get_value_bool(env, argv[2], &j->follow);
  j->path = get_path(env, argv[1]);
  if (j->path == NULL) {
    job_free(env, j);
    return NULL;
  }
  return copier_queue(env, argv[0], j);
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"utimensat", NULL, js_utimensat, NULL, NULL, NULL, napi_enumerable, NULL},
      {"futimens", NULL, js_futimens, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstatdir", NULL, js_lstatdir, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstat", NULL, js_lstat, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readfile", NULL, js_readfile, NULL, NULL, NULL, napi_enumerable, NULL},
      {"writefile", NULL, js_writefile, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstatAsync", NULL, js_lstat_async, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstatdirAsync", NULL, js_lstatdir_async, NULL, NULL, NULL, napi_enumerable, NULL},
      {"renameAsync", NULL, js_rename_async, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readfileAsync", NULL, js_readfile_async, NULL, NULL, NULL, napi_enumerable, NULL},
      {"writefileAsync", NULL, js_writefile_async, NULL, NULL, NULL, napi_enumerable, NULL},
#ifdef TCLONE_HAVE_XATTR
      {"listxattr", NULL, js_listxattr, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getxattr", NULL, js_getxattr, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setxattr", NULL, js_setxattr, NULL, NULL, NULL, napi_enumerable, NULL},
#endif
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  evp_get_digestbyname = (get_digest_fn)dlsym(RTLD_DEFAULT, "EVP_get_digestbyname");
  evp_digest = (digest_fn)dlsym(RTLD_DEFAULT, "EVP_Digest");
  if (evp_get_digestbyname != NULL && evp_digest != NULL) {
    napi_property_descriptor copy[] = {
        {"copySmallAsync", NULL, js_copy_small_async, NULL, NULL, NULL, napi_enumerable, NULL},
        {"ioStart", NULL, js_copier_start, NULL, NULL, NULL, napi_enumerable, NULL},
        {"ioCopy", NULL, js_io_copy, NULL, NULL, NULL, napi_enumerable, NULL},
        {"ioList", NULL, js_io_list, NULL, NULL, NULL, napi_enumerable, NULL},
    };
    CHECK(napi_define_properties(env, exports, sizeof copy / sizeof copy[0], copy));
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
