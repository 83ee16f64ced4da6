// Writes a deterministic, realistic .pcap of N SMTP sessions for the capture benchmark:
// Ethernet/IPv4/TCP with a real handshake, one segment per command or reply, the message
// split at the MSS, pure ACKs where a receiver would send them, FIN/ACK teardown. Sessions
// run 32 at a time, interleaved frame by frame, as a busy MX sees them. Standalone (no
// library): the benchmark script compiles it with the system compiler.
//
// Usage: capture_synth OUT.pcap SESSIONS [MESSAGE_BYTES (default 1500)]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr std::uint16_t kServerPort = 25;
constexpr std::size_t kMss = 1460;
constexpr int kConcurrent = 32;

struct Writer {
  std::FILE* file;
  std::uint64_t ts_usec = 1'700'000'000ull * 1'000'000ull;

  void header() {
    const std::uint32_t magic = 0xa1b2c3d4, snaplen = 262144, link = 1;  // DLT_EN10MB
    const std::uint16_t major = 2, minor = 4;
    const std::int32_t zone = 0;
    const std::uint32_t sigfigs = 0;
    std::fwrite(&magic, 4, 1, file);
    std::fwrite(&major, 2, 1, file);
    std::fwrite(&minor, 2, 1, file);
    std::fwrite(&zone, 4, 1, file);
    std::fwrite(&sigfigs, 4, 1, file);
    std::fwrite(&snaplen, 4, 1, file);
    std::fwrite(&link, 4, 1, file);
  }
  void record(const std::vector<std::uint8_t>& frame) {
    ts_usec += 7;
    const std::uint32_t sec = static_cast<std::uint32_t>(ts_usec / 1'000'000);
    const std::uint32_t usec = static_cast<std::uint32_t>(ts_usec % 1'000'000);
    const std::uint32_t len = static_cast<std::uint32_t>(frame.size());
    std::fwrite(&sec, 4, 1, file);
    std::fwrite(&usec, 4, 1, file);
    std::fwrite(&len, 4, 1, file);
    std::fwrite(&len, 4, 1, file);
    std::fwrite(frame.data(), 1, frame.size(), file);
  }
};

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  put16(b, at, v >> 16);
  put16(b, at + 2, v & 0xffff);
}

std::uint16_t checksum(const std::uint8_t* data, std::size_t length, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < length; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (length & 1) sum += data[length - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

// One TCP connection between a client (10.0.x.y:port) and the server 192.0.2.25:25.
struct Connection {
  std::uint32_t client_ip, server_ip = 0xC0000219;
  std::uint16_t client_port;
  std::uint32_t seq[2], ack[2];  // [0] client, [1] server
  std::uint16_t ip_id = 1;

  std::vector<std::uint8_t> frame(int from, std::uint8_t flags, const std::string& payload,
                                  bool syn_options) {
    const std::size_t options = syn_options ? 4 : 0;
    const std::size_t tcp_len = 20 + options;
    std::vector<std::uint8_t> b(14 + 20 + tcp_len + payload.size(), 0);
    // Ethernet: fixed MACs, IPv4.
    const std::uint8_t mac_c[6] = {0x02, 0, 0, 0, 0, 1}, mac_s[6] = {0x02, 0, 0, 0, 0, 2};
    std::memcpy(&b[0], from == 0 ? mac_s : mac_c, 6);
    std::memcpy(&b[6], from == 0 ? mac_c : mac_s, 6);
    put16(b, 12, 0x0800);
    // IPv4.
    const std::size_t ip = 14;
    b[ip] = 0x45;
    put16(b, ip + 2, static_cast<std::uint32_t>(20 + tcp_len + payload.size()));
    put16(b, ip + 4, ip_id++);
    put16(b, ip + 6, 0x4000);  // DF
    b[ip + 8] = 64;
    b[ip + 9] = 6;
    put32(b, ip + 12, from == 0 ? client_ip : server_ip);
    put32(b, ip + 16, from == 0 ? server_ip : client_ip);
    put16(b, ip + 10, checksum(&b[ip], 20));
    // TCP.
    const std::size_t tcp = ip + 20;
    put16(b, tcp, from == 0 ? client_port : kServerPort);
    put16(b, tcp + 2, from == 0 ? kServerPort : client_port);
    put32(b, tcp + 4, seq[from]);
    put32(b, tcp + 8, (flags & 0x10) ? ack[from] : 0);
    b[tcp + 12] = static_cast<std::uint8_t>((tcp_len / 4) << 4);
    b[tcp + 13] = flags;
    put16(b, tcp + 14, 65535);
    if (syn_options) {
      b[tcp + 20] = 2;
      b[tcp + 21] = 4;
      put16(b, tcp + 22, kMss);
    }
    std::memcpy(&b[tcp + tcp_len], payload.data(), payload.size());
    // Checksum over the pseudo-header, so tools that check it see valid segments.
    std::uint32_t pseudo = (client_ip >> 16) + (client_ip & 0xffff) + (server_ip >> 16) +
                           (server_ip & 0xffff) + 6 +
                           static_cast<std::uint32_t>(tcp_len + payload.size());
    put16(b, tcp + 16, checksum(&b[tcp], tcp_len + payload.size(), pseudo));
    seq[from] += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x03) ? 1 : 0);
    ack[1 - from] = seq[from];
    return b;
  }
};

// The frames of one session, in order (the caller interleaves sessions).
std::vector<std::vector<std::uint8_t>> session_frames(std::uint64_t n, const std::string& body) {
  Connection c;
  c.client_ip = 0x0A000000u | static_cast<std::uint32_t>((n / 50000) << 16) |
                static_cast<std::uint32_t>(((n % 50000) / 250 + 1) << 8) |
                static_cast<std::uint32_t>(n % 250 + 1);
  c.client_port = static_cast<std::uint16_t>(1024 + n % 60000);
  c.seq[0] = static_cast<std::uint32_t>(n * 2654435761u);
  c.seq[1] = static_cast<std::uint32_t>(n * 40503u + 12345u);
  c.ack[0] = c.ack[1] = 0;
  std::vector<std::vector<std::uint8_t>> f;
  const std::uint8_t SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01;
  f.push_back(c.frame(0, SYN, "", true));
  c.ack[0] = c.seq[1];
  f.push_back(c.frame(1, SYN | ACK, "", true));
  f.push_back(c.frame(0, ACK, "", false));
  const std::string id = std::to_string(n);
  auto say = [&](int from, const std::string& text) {
    f.push_back(c.frame(from, PSH | ACK, text, false));
  };
  say(1, "220 mx.example.net ESMTP Postfix\r\n");
  say(0, "EHLO client" + id + ".example.org\r\n");
  say(1,
      "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n"
      "250-ENHANCEDSTATUSCODES\r\n250 SMTPUTF8\r\n");
  say(0, "MAIL FROM:<sender" + id + "@example.org> SIZE=" + std::to_string(body.size()) + "\r\n");
  say(1, "250 2.1.0 Ok\r\n");
  say(0, "RCPT TO:<user" + std::to_string(n % 977) + "@example.net>\r\n");
  say(1, "250 2.1.5 Ok\r\n");
  say(0, "DATA\r\n");
  say(1, "354 End data with <CR><LF>.<CR><LF>\r\n");
  const std::string message = "Message-ID: <" + id + "@example.org>\r\n" + body + ".\r\n";
  for (std::size_t at = 0; at < message.size(); at += kMss) {
    say(0, message.substr(at, kMss));
    if ((at / kMss) % 2 == 1) f.push_back(c.frame(1, ACK, "", false));  // delayed ACK
  }
  say(1, "250 2.0.0 Ok: queued as " + id + "\r\n");
  say(0, "QUIT\r\n");
  say(1, "221 2.0.0 Bye\r\n");
  f.push_back(c.frame(1, FIN | ACK, "", false));
  f.push_back(c.frame(0, FIN | ACK, "", false));
  f.push_back(c.frame(1, ACK, "", false));
  return f;
}

std::string make_body(std::size_t bytes) {
  std::string body =
      "From: <sender@example.org>\r\nTo: <user@example.net>\r\nSubject: benchmark message\r\n"
      "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=us-ascii\r\n\r\n";
  const std::string line = "The quick brown fox jumps over the lazy dog, again and again.\r\n";
  while (body.size() + line.size() < bytes) body += line;
  return body;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT.pcap SESSIONS [MESSAGE_BYTES]\n", argv[0]);
    return 2;
  }
  const std::uint64_t sessions = std::strtoull(argv[2], nullptr, 10);
  const std::string body = make_body(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1500);
  Writer out{std::fopen(argv[1], "wb")};
  if (!out.file) {
    std::perror(argv[1]);
    return 1;
  }
  std::setvbuf(out.file, nullptr, _IOFBF, 1 << 20);
  out.header();
  std::uint64_t frames = 0;
  for (std::uint64_t first = 0; first < sessions; first += kConcurrent) {
    std::vector<std::vector<std::vector<std::uint8_t>>> batch;
    for (std::uint64_t n = first; n < std::min<std::uint64_t>(sessions, first + kConcurrent); ++n)
      batch.push_back(session_frames(n, body));
    // Round-robin: frame i of every session, then frame i+1...
    for (std::size_t i = 0;; ++i) {
      bool any = false;
      for (auto& s : batch) {
        if (i >= s.size()) continue;
        out.record(s[i]);
        ++frames;
        any = true;
      }
      if (!any) break;
    }
  }
  std::fclose(out.file);
  std::fprintf(stderr, "%llu sessions, %llu frames written to %s\n",
               static_cast<unsigned long long>(sessions), static_cast<unsigned long long>(frames),
               argv[1]);
  return 0;
}
