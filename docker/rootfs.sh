#!/bin/sh
# Run by the Dockerfile's first stage: assembles in $1 the smallest root file system the stub runs in, taken from the
# Debian base it runs on: the libraries its native parts link against (found with ldd), libssl (loaded at run time, not
# linked, so ldd cannot see it), the CA bundle (https in shadow mode), sh and bash for the entry point and the health
# check, and a passwd entry for its user. The stub's publish is already in $1/app. What else the base holds (apt, perl,
# coreutils, ...) stays behind: the image is the publish plus about 10 MB.
set -eu
root=$1
mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/lib64" "$root/usr/sbin" "$root/etc/ssl/certs" "$root/tmp" "$root/scenarios"
# Debian's merged /usr, as on the base.
for dir in bin lib lib64 sbin; do ln -s "usr/$dir" "$root/$dir"; done
chmod 1777 "$root/tmp"

# A file, the symbolic link chain that leads to it, under $root at the same paths.
copy() {
  path=$1
  while [ -L "$path" ]; do
    cp -P --parents "$path" "$root"
    target=$(readlink "$path")
    case "$target" in
      /*) path=$target ;;
      *) path=$(dirname "$path")/$target ;;
    esac
  done
  cp --parents "$path" "$root"
}

libssl=$(ls /usr/lib/*-linux-gnu/libssl.so.3)
programs="/usr/bin/bash /usr/bin/dash /usr/bin/sh"
# ldd prints "name => /path (address)" for each library and "/path (address)" for the loader; missing optional
# libraries (lttng tracing) print "not found" and are left out, as on the base; "file:" headers are skipped.
libraries=$(ldd "$root/app/DeepLead.Fakes.Server" "$root"/app/*.so $programs "$libssl" 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' | sort -u)
for file in $programs "$libssl" $libraries; do
  copy "$file"
done
copy /etc/ssl/certs/ca-certificates.crt
copy /usr/lib/ssl/openssl.cnf
cp -P --parents /usr/lib/ssl/certs "$root"   # OpenSSL's default certificate folder: a link to /etc/ssl/certs

printf 'root:x:0:0:root:/root:/usr/sbin/nologin\ndeeplead:x:1654:1654::/app:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ndeeplead:x:1654:\n' > "$root/etc/group"
