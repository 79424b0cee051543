# Stand-in for Docker Hub's `busybox` image (offline mode only): Debian's static BusyBox and nothing else, each applet
# a link in /bin as in the official image, `sh` (BusyBox's ash) the command.
ARG BASE
FROM ${BASE} AS debian
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends busybox-static \
 && mkdir -p /rootfs/bin /rootfs/etc /rootfs/root /rootfs/home /rootfs/tmp /rootfs/var/www \
 && cp /bin/busybox /rootfs/bin/busybox \
 && /rootfs/bin/busybox --install /rootfs/bin \
 && cp /etc/passwd /etc/group /rootfs/etc/ \
 && chmod 1777 /rootfs/tmp
FROM scratch
COPY --from=debian /rootfs/ /
CMD ["sh"]
