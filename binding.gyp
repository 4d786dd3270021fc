{
  "targets": [
    {
      "target_name": "tclone_native",
      "sources": ["native/utimens.c"],
      "cflags": ["-O2", "-Wall"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
