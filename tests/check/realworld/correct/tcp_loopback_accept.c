// A TCP server and two clients on 127.0.0.1 in one process: socket, bind
// to port 0, listen, connect, accept for the first client and
// accept4(SOCK_CLOEXEC) for the second (as nginx and libuv accept), a
// byte each way, every socket closed.
// expect: ok
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int client(const struct sockaddr_in* address) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 ||
      connect(fd, (const struct sockaddr*)address, sizeof *address) != 0) {
    perror("connect");
    return -1;
  }
  return fd;
}

static int talk(int from, int to) {
  char byte = 'b';
  return send(from, &byte, 1, 0) == 1 && recv(to, &byte, 1, 0) == 1;
}

int main(void) {
  const int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in address = {.sin_family = AF_INET};
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (server < 0 ||
      bind(server, (struct sockaddr*)&address, sizeof address) != 0 ||
      listen(server, 4) != 0 ||
      getsockname(server, (struct sockaddr*)&address, &length) != 0) {
    perror("server");
    return 2;
  }
  const int first = client(&address);
  const int second = client(&address);
  const int one = accept(server, NULL, NULL);
  const int two = accept4(server, NULL, NULL, SOCK_CLOEXEC);
  if (first < 0 || second < 0 || one < 0 || two < 0) {
    perror("accept");
    return 2;
  }
  const int ok = talk(first, one) && talk(two, second);
  const int closed = close(one) == 0 && close(two) == 0 && close(first) == 0 &&
                     close(second) == 0 && close(server) == 0;
  return ok && closed ? 0 : 1;
}
