#!/bin/sh
# Assembles the root filesystem every rewind image starts from, without a registry or a Docker engine:
# a Java runtime linked with jlink from the build's JDK, the C libraries it and RocksDB's JNI library
# load (glibc, libstdc++, libgcc_s, zlib) copied from the build machine, a non-root user (65532) and /tmp.
# Usage: assemble-runtime.sh <output dir> <java home>
set -eu
out=$1
java_home=$2
if [ -x "$out/opt/java/bin/java" ] && [ "$out/opt/java/release" -nt "$0" ]; then
  echo "assemble-runtime: $out is up to date (mvn clean to rebuild it)"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/etc" "$out/tmp" "$out/lib64" "$out/lib/x86_64-linux-gnu" "$out/var/lib/rewind" "$out/home/rewind"
# jlink links from the JDK's jmods/ (Debian's openjdk-17-jdk-headless has them) or, from JDK 24 on, from the
# run-time image itself when the JDK was built for it (JEP 493: Temurin 25 has no jmods/ and links this way)
if ! "$java_home/bin/jlink" \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"; then
  echo "assemble-runtime: $java_home/bin/jlink could not link a runtime; build with a full JDK 17+ that has jmods/ (Debian: openjdk-17-jdk-headless) or links from its run-time image (JEP 493), or skip the images with -Drewind.images.skip" >&2
  exit 1
fi
libdir=/lib/x86_64-linux-gnu
for lib in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libz.so.1 libstdc++.so.6 libgcc_s.so.1; do
  cp -L "$libdir/$lib" "$out/lib/x86_64-linux-gnu/$lib"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/ld-linux-x86-64.so.2"
printf 'root:x:0:0:root:/root:/sbin/nologin\nrewind:x:65532:65532:rewind:/home/rewind:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nrewind:x:65532:\n' > "$out/etc/group"
chmod 1777 "$out/tmp"
