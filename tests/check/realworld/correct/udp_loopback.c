// Datagram sockets on 127.0.0.1 (DNS resolvers, syslog clients): bind a
// receiver to port 0, sendto from a second socket, recvfrom, close both.
// expect: ok
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const int receiver = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int sender = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in address = {.sin_family = AF_INET};
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (receiver < 0 || sender < 0 ||
      bind(receiver, (struct sockaddr*)&address, sizeof address) != 0 ||
      getsockname(receiver, (struct sockaddr*)&address, &length) != 0) {
    perror("socket");
    return 2;
  }
  char buffer[8];
  const int ok = sendto(sender, "dgram", 5, 0, (struct sockaddr*)&address,
                        sizeof address) == 5 &&
                 recvfrom(receiver, buffer, sizeof buffer, 0, NULL, NULL) == 5;
  return ok && close(sender) == 0 && close(receiver) == 0 ? 0 : 1;
}
