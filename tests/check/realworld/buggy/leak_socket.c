// A client socket that connects to a local listener and is never closed
// (a connection leak, the bug behind many "too many open files"
// incidents). The listener is closed.
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
  return close(server) == 0 ? 0 : 1;  // bug: client never closed
}
