// Round-trip property: random messages (binary attachments, lines starting with '.',
// 998-octet lines, UTF-8 headers) -> build (sim/message) -> dot-stuff (client side) ->
// the server machine's DATA reception in random-sized reads -> identical octets.
#include <gtest/gtest.h>

#include <random>

#include "sim/message/builder.hpp"
#include "sim/message/mime.hpp"
#include "sim/protocol/data_receiver.hpp"
#include "sim/protocol/line_framer.hpp"
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces{
      "Bonjour",      "à",    "l'école", ".",  "..",  "été",  "œuvre", "«", "»",
      "\xe2\x80\x94", "SMTP", " ",       "\n", "\n.", "\n..", "\r\n"};
  std::string out;
  const int words = std::uniform_int_distribution<int>(0, 400)(rng);
  for (int i = 0; i < words; ++i) out += pieces[rng() % pieces.size()];
  if (rng() % 4 == 0) out += "\n" + std::string(998, 'L') + "\n";
  if (rng() % 4 == 0) out += "\n." + std::string(997, 'D') + "\n";
  return out;
}

TEST(StuffingRoundTrip, RandomMessagesSurviveStuffingAndReception) {
  std::mt19937 rng(20261123);
  for (int iteration = 0; iteration < 300; ++iteration) {
    message::MessageBuilder builder;
    builder.from({"Ali Bélabbas", "ali.belabbas", "gsimaroc.com", ""});
    builder.to({"", "benharraf", "menara.ma", ""});
    builder.subject("Réunion n°" + std::to_string(iteration) + " « été »");
    builder.text(random_text(rng));
    builder.boundary_seed(static_cast<std::uint64_t>(iteration));
    const int attachments = static_cast<int>(rng() % 3);
    for (int a = 0; a < attachments; ++a) {
      std::string data(std::uniform_int_distribution<std::size_t>(0, 20000)(rng), '\0');
      for (auto& c : data) c = static_cast<char>(rng());
      builder.attach({"pièce-" + std::to_string(a) + ".bin", "application/octet-stream", data});
    }
    const std::string built = builder.build();

    // The wire: stuffed, then cut into random reads as TCP would deliver them.
    const std::string wire = dot_stuff(built);
    LineFramer framer(998);
    DataReceiver receiver(0, false);
    bool ended = false;
    for (std::size_t at = 0; at < wire.size() && !ended;) {
      const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 3000)(rng);
      framer.append(std::string_view(wire).substr(at, n));
      at += n;
      while (auto line = framer.next_line()) {
        if (receiver.feed(*line)) {
          ended = true;
          break;
        }
      }
    }
    ASSERT_TRUE(ended) << "iteration " << iteration;
    EXPECT_EQ(receiver.content(), built) << "iteration " << iteration;
    const DataFindings& found = receiver.findings();
    EXPECT_FALSE(found.bare_lf || found.bare_cr || found.nul || found.overlong_line ||
                 found.eight_bit);
    EXPECT_EQ(found.smuggling_dots, 0u);
  }
}

TEST(StuffingRoundTrip, WholeSessionDeliversTheSameOctets) {
  std::mt19937 rng(7);
  RecordingDelegate delegate;
  for (int iteration = 0; iteration < 50; ++iteration) {
    message::MessageBuilder builder;
    builder.from({"", "ali.belabbas", "gsimaroc.com", ""});
    builder.subject("été " + std::to_string(iteration));
    builder.text(random_text(rng));
    const std::string built = builder.build();
    ServerSession server(ServerConfig{}, delegate,
                         ConnectionInfo{"127.0.0.2", 1, "127.0.0.1", 25, false});
    server.start();
    server.receive(
        "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
    const ServerOutput out = server.receive(dot_stuff(built));
    EXPECT_TRUE(out.bytes.starts_with("250 ")) << out.bytes;
    ASSERT_EQ(delegate.delivered.size(), static_cast<std::size_t>(iteration + 1));
    EXPECT_EQ(delegate.delivered.back().content, built);
    // And the MIME parser reads the subject back.
    EXPECT_EQ(message::decoded_subject(message::parse_message(delegate.delivered.back().content)),
              "été " + std::to_string(iteration));
  }
}

}  // namespace
}  // namespace smtplab::protocol::testing
