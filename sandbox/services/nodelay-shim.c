/*
 * LD_PRELOAD shim for pcscd: Debian's vpcd writes the 2-byte length and the payload of each
 * frame in two send() calls. With Nagle on, the second send waits for the ACK of the first,
 * which the emulator's delayed ACK holds back ~40 ms: 44 ms per APDU. Setting TCP_NODELAY
 * on every TCP socket vpcd accepts or connects removes that stall. Unix sockets (pcscd's
 * client channel) are left alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void set_nodelay_if_tcp(int fd) {
  struct sockaddr_storage addr;
  socklen_t len = sizeof(addr);
  if (fd < 0 || getsockname(fd, (struct sockaddr *)&addr, &len) != 0) return;
  if (addr.ss_family != AF_INET && addr.ss_family != AF_INET6) return;
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  static int (*real_accept)(int, struct sockaddr *, socklen_t *);
  if (!real_accept) real_accept = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  int client = real_accept(fd, addr, len);
  set_nodelay_if_tcp(client);
  return client;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  static int (*real_accept4)(int, struct sockaddr *, socklen_t *, int);
  if (!real_accept4)
    real_accept4 = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  int client = real_accept4(fd, addr, len, flags);
  set_nodelay_if_tcp(client);
  return client;
}

/* vpcd can also run in reverse mode (it connects to the emulator). */
int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  static int (*real_connect)(int, const struct sockaddr *, socklen_t);
  if (!real_connect) real_connect = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
  if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6)) {
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  }
  return real_connect(fd, addr, len);
}
