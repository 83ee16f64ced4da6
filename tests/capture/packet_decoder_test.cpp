// Link, IP and TCP decoders on hand-built frames: Ethernet with a VLAN tag, Linux SLL2, BSD
// NULL, IPv6 with an extension header, TCP options, padding, truncation, and field ranges.
#include "capture/packet_decoder.hpp"

#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <vector>

namespace smtplab::capture {
namespace {

using Buffer = std::vector<std::uint8_t>;

void append(Buffer& b, std::initializer_list<int> bytes) {
  for (int v : bytes) b.push_back(static_cast<std::uint8_t>(v));
}

// IPv4 + TCP (SYN with MSS, SACK permitted, timestamps, window scale) + payload.
Buffer ipv4_tcp(std::string_view payload) {
  Buffer b;
  const int tcp_length = 40;
  const int total = 20 + tcp_length + static_cast<int>(payload.size());
  append(b, {0x45, 0, total >> 8, total & 0xFF, 0, 1, 0x40, 0, 64, 6, 0, 0, 192,
             0,    2, 1,          192,          0, 2, 2});
  append(b, {0x30, 0x39, 0, 25, 0, 0, 0x03, 0xE8, 0, 0, 0, 0, 0xA0, 0x18, 0xFF, 0xFF, 0, 0, 0, 0});
  append(b, {2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7});
  for (char c : payload) b.push_back(static_cast<std::uint8_t>(c));
  return b;
}

Frame frame_of(const Buffer& bytes, int link_type) {
  Frame f;
  f.number = 1;
  f.link_type = link_type;
  f.original_length = static_cast<std::uint32_t>(bytes.size());
  f.data = bytes;
  return f;
}

TEST(PacketDecoder, EthernetWithVlanIpv4TcpOptionsAndPadding) {
  Buffer b;
  append(b, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x81, 0x00, 0x00, 0x2A, 0x08, 0x00});
  const Buffer ip = ipv4_tcp("HI");
  b.insert(b.end(), ip.begin(), ip.end());
  append(b, {0, 0, 0, 0});  // Ethernet padding: not payload
  const Frame f = frame_of(b, DLT_EN10MB);
  const DecodedPacket p = decode_packet(f);
  ASSERT_TRUE(p.tcp) << (p.problem ? p.problem->text : "");
  EXPECT_EQ(p.link->vlan_tags, 1);
  EXPECT_EQ(to_string(Endpoint{p.ip->source, p.tcp->source_port}), "192.0.2.1:12345");
  EXPECT_EQ(p.tcp->destination_port, 25);
  EXPECT_EQ(p.tcp->seq, 1000u);
  EXPECT_EQ(p.tcp->mss, 1460);
  EXPECT_EQ(p.tcp->window_scale, 7);
  EXPECT_TRUE(p.tcp->timestamps);
  EXPECT_EQ(p.payload_length, 2u);
  EXPECT_EQ(p.payload_offset, 18u + 60u);
  const FieldNode tree = describe_packet(f, p);
  ASSERT_EQ(tree.children.size(), 4u);  // link, IP, TCP, payload
  EXPECT_EQ(tree.children[2].offset, 38u);
  EXPECT_EQ(tree.children[2].children[0].name, "Source port");
  EXPECT_EQ(tree.children[2].children[0].offset, 38u);
  EXPECT_EQ(tree.children[2].children[0].length, 2u);
}

TEST(PacketDecoder, LinuxSll2AndBsdNull) {
  Buffer sll2;
  append(sll2, {0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0});
  const Buffer ip = ipv4_tcp("x");
  sll2.insert(sll2.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode_packet(frame_of(sll2, DLT_LINUX_SLL2)).payload_length, 1u);

  Buffer null;
  append(null, {2, 0, 0, 0});  // AF_INET, little-endian host
  null.insert(null.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode_packet(frame_of(null, DLT_NULL)).payload_length, 1u);
}

TEST(PacketDecoder, Ipv6WithAnExtensionHeader) {
  Buffer b;
  // IPv6 header: next header 60 (destination options), payload = 8 + 20.
  append(b, {0x60, 0, 0, 0, 0, 28, 60, 64});
  for (int i = 0; i < 16; ++i) b.push_back(static_cast<std::uint8_t>(i == 0 ? 0x20 : i == 15));
  for (int i = 0; i < 16; ++i)
    b.push_back(static_cast<std::uint8_t>(i == 0 ? 0x20 : 2 * (i == 15)));
  append(b, {6, 0, 1, 4, 0, 0, 0, 0});  // next header TCP, length 0 (8 bytes), PadN
  append(b, {0, 25, 0x30, 0x39, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x12, 0x10, 0, 0, 0, 0, 0});
  const DecodedPacket p = decode_packet(frame_of(b, DLT_RAW));
  ASSERT_TRUE(p.tcp) << (p.problem ? p.problem->text : "");
  EXPECT_EQ(p.ip->header_length, 48u);
  EXPECT_EQ(to_string(Endpoint{p.ip->source, p.tcp->source_port}), "[2000::1]:25");
  EXPECT_EQ(tcp_flags_text(p.tcp->flags), "SYN, ACK");
}

TEST(PacketDecoder, TruncatedFramesGiveAProblemNotACrash) {
  const Buffer full = ipv4_tcp("hello");
  for (std::size_t n = 0; n < full.size(); ++n) {
    const Buffer cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    const DecodedPacket p = decode_packet(frame_of(cut, DLT_RAW));
    if (n < 60) {
      EXPECT_FALSE(p.tcp) << n;
      EXPECT_TRUE(p.problem) << n;
    }
  }
}

}  // namespace
}  // namespace smtplab::capture
