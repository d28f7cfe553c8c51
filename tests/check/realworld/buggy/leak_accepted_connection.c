// A server that accept4()s a connection, answers and closes only the
// listener and the client's end: the accepted socket leaks (the classic
// per-request leak in hand-written servers).
// expect: leaked descriptor
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in address = {.sin_family = AF_INET};
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (server < 0 ||
      bind(server, (struct sockaddr*)&address, sizeof address) != 0 ||
      listen(server, 1) != 0 ||
      getsockname(server, (struct sockaddr*)&address, &length) != 0) {
    perror("listen");
    return 2;
  }
  const int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client < 0 ||
      connect(client, (struct sockaddr*)&address, sizeof address) != 0) {
    perror("connect");
    return 2;
  }
  const int connection = accept4(server, NULL, NULL, SOCK_CLOEXEC);
  if (connection < 0 || send(connection, "hi", 2, 0) != 2) {
    perror("accept4");
    return 2;
  }
  char reply[2];
  const int ok = recv(client, reply, sizeof reply, 0) == 2;
  // bug: connection is never closed
  return ok && close(client) == 0 && close(server) == 0 ? 0 : 1;
}
