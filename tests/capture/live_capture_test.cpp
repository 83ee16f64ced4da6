// Live capture against the real server: `smtplab serve` on free loopback ports, a
// LiveSession on lo filtered to those ports while swaks sends three messages (plain,
// STARTTLS, AUTH PLAIN in clear), then: the dialogue equals swaks's own transcript; every
// dialogue line maps to the exact frames and byte ranges that carried it (checked against
// an independent reassembly of the saved .pcap); plain-text messages have the right
// SHA-256; the STARTTLS session shows TLS records after the 220; tshark reads the saved
// file with the same commands and codes. Needs root (or CAP_NET_RAW) and swaks: skipped
// with the reason otherwise.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "capture/bpf_filter.hpp"
#include "capture/digest.hpp"
#include "capture/frame_writer.hpp"
#include "capture/live_session.hpp"
#include "capture/packet_decoder.hpp"
#include "capture/pcap_reader.hpp"
#include "capture/session_export.hpp"

namespace smtplab::capture {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs a shell command, returns its exit status (stdout/stderr go where the command says).
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `smtplab serve` in the background on free loopback ports, stopped with SIGTERM.
class ServeProcess {
 public:
  explicit ServeProcess(const fs::path& dir) : log_(dir / "serve.log") {
    const std::string maildir = (dir / "mail").string();
    pid_ = fork();
    if (pid_ == 0) {
      std::freopen(log_.c_str(), "w", stdout);
      std::freopen(log_.c_str(), "a", stderr);
      execl(SMTPLAB_BINARY, SMTPLAB_BINARY, "serve", "--listen", "127.0.0.1:0", "--smtps",
            "127.0.0.1:0", "--submission", "127.0.0.1:0", "--maildir", maildir.c_str(), "--domain",
            "gsimaroc.com", "--user", "ali:sesame", "--auth-cleartext", "--timeout", "20",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    const std::regex listening(R"(listening on 127\.0\.0\.1:(\d+) \((\w+))");
    for (int i = 0; i < 200 && ports_.size() < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string text = read_text(log_);
      for (std::sregex_iterator it(text.begin(), text.end(), listening), end; it != end; ++it) {
        ports_[(*it)[2]] = static_cast<std::uint16_t>(std::stoi((*it)[1]));
      }
    }
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::uint16_t port(const std::string& name) const {
    const auto it = ports_.find(name);
    return it == ports_.end() ? 0 : it->second;
  }
  std::string log() const { return read_text(log_); }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  std::map<std::string, std::uint16_t> ports_;
};

// The clear-text lines swaks printed ("C: EHLO vm", "S: 250-PIPELINING"), without the
// message lines it sent after a 354 (those are content, not dialogue) but with the dot.
std::vector<std::string> swaks_dialogue(const std::string& transcript) {
  std::vector<std::string> out;
  std::istringstream in(transcript);
  std::string line;
  bool in_data = false;
  while (std::getline(in, line)) {
    if (line.rfind(" -> ", 0) == 0) {
      const std::string text = line.substr(4);
      if (in_data && text != ".") continue;
      out.push_back("C: " + text);
      in_data = false;
    } else if (line.rfind("<-  ", 0) == 0) {
      out.push_back("S: " + line.substr(4));
      if (line.rfind("<-  354", 0) == 0) in_data = true;
    }
  }
  return out;
}

// Our dialogue in the same shape.
std::vector<std::string> our_dialogue(const SmtpSession& session) {
  std::vector<std::string> out;
  for (const DialogueEntry& entry : session.dialogue) {
    switch (entry.kind) {
      case DialogueEntry::Kind::Command:
        out.push_back("C: " + entry.verb + (entry.argument.empty() ? "" : " " + entry.argument));
        break;
      case DialogueEntry::Kind::AuthLine:
        out.push_back("C: " + entry.argument);
        break;
      case DialogueEntry::Kind::DataEnd:
        out.push_back("C: .");
        break;
      case DialogueEntry::Kind::Reply:
        for (std::size_t i = 0; i < entry.lines.size(); ++i) {
          const char sep = i + 1 < entry.lines.size() ? '-' : ' ';
          out.push_back("S: " + std::to_string(entry.code) + sep + entry.raw_line(i));
        }
        break;
    }
  }
  return out;
}

// One direction of a connection rebuilt independently of the analyzer: each frame's
// payload placed at (seq - ISN - 1), remembering which frame carried which byte.
struct IndependentStream {
  std::string bytes;
  std::vector<std::uint64_t> frame_of;  // per byte
};

std::map<int, IndependentStream> rebuild(const std::string& pcap, const SmtpSession& session) {
  std::map<int, IndependentStream> sides;
  std::map<int, std::uint32_t> isn;
  PcapReader reader(pcap);
  while (auto frame = reader.next()) {
    const DecodedPacket packet = decode_packet(*frame);
    if (!packet.tcp) continue;
    const Endpoint source{packet.ip->source, packet.tcp->source_port};
    const Endpoint destination{packet.ip->destination, packet.tcp->destination_port};
    int side = -1;
    if (source == session.client && destination == session.server) side = 0;
    if (source == session.server && destination == session.client) side = 1;
    if (side < 0) continue;
    if (packet.tcp->has(tcp_flag::kSyn)) isn[side] = packet.tcp->seq;
    if (packet.payload_length == 0 || !isn.count(side)) continue;
    const std::uint64_t offset = packet.tcp->seq - isn[side] - 1;
    IndependentStream& stream = sides[side];
    if (stream.bytes.size() < offset + packet.payload_length) {
      stream.bytes.resize(offset + packet.payload_length);
      stream.frame_of.resize(offset + packet.payload_length, 0);
    }
    for (std::size_t i = 0; i < packet.payload_length; ++i) {
      if (stream.frame_of[offset + i] != 0) continue;  // first copy wins
      stream.bytes[offset + i] = static_cast<char>(frame->data[packet.payload_offset + i]);
      stream.frame_of[offset + i] = frame->number;
    }
  }
  return sides;
}

// What a dialogue entry's bytes must be on the wire.
std::string wire_text(const DialogueEntry& entry) {
  switch (entry.kind) {
    case DialogueEntry::Kind::Command:
      return entry.verb + (entry.argument.empty() ? "" : " " + entry.argument) + "\r\n";
    case DialogueEntry::Kind::AuthLine:
      return entry.argument + "\r\n";
    case DialogueEntry::Kind::DataEnd:
      return ".\r\n";
    case DialogueEntry::Kind::Reply: {
      std::string text;
      for (std::size_t i = 0; i < entry.lines.size(); ++i) {
        const char sep = i + 1 < entry.lines.size() ? '-' : ' ';
        text += std::to_string(entry.code) + sep + entry.raw_line(i) + "\r\n";
      }
      return text;
    }
  }
  return {};
}

class LiveCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) {
      GTEST_SKIP() << "live capture needs root or CAP_NET_RAW+CAP_NET_ADMIN (not root here)";
    }
    if (shell("command -v swaks >/dev/null 2>&1") != 0) GTEST_SKIP() << "swaks is not installed";
    dir_ = fs::temp_directory_path() / ("smtplab-live-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);
  }
  fs::path dir_;
};

// The message swaks sends (CRLF lines, no final CRLF: swaks adds CRLF.CRLF itself).
constexpr const char* kMessage =
    "From: ali.belabbas@gsimaroc.com\r\nTo: benharraf@gsimaroc.com\r\n"
    "Subject: live capture\r\n\r\nFirst line.\r\nSecond line";

TEST_F(LiveCaptureTest, ThreeSwaksSessionsMapToFramesAndTsharkAgrees) {
  ServeProcess server(dir_);
  const std::uint16_t smtp = server.port("smtp");
  const std::uint16_t submission = server.port("submission");
  ASSERT_NE(smtp, 0) << server.log();
  ASSERT_NE(submission, 0) << server.log();

  LiveOptions options;
  options.interface = "lo";
  options.filter = build_bpf_filter({"127.0.0.1"}, {smtp, submission});
  const std::string pcap = (dir_ / "live.pcap").string();
  std::string error;
  auto live = LiveSession::start(options, pcap, error);
  if (!live) GTEST_SKIP() << "cannot capture on lo: " << error;

  std::ofstream(dir_ / "message.eml", std::ios::binary) << kMessage;
  const std::string swaks =
      "swaks --server 127.0.0.1 --from ali.belabbas@gsimaroc.com --to "
      "benharraf@gsimaroc.com --data " +
      (dir_ / "message.eml").string();
  const std::string variants[3] = {
      " --port " + std::to_string(smtp),
      " --port " + std::to_string(smtp) + " --tls",
      " --port " + std::to_string(submission) +
          " --auth PLAIN --auth-user ali --auth-password sesame",
  };
  std::string transcripts[3];
  for (int i = 0; i < 3; ++i) {
    const fs::path out = dir_ / ("swaks" + std::to_string(i) + ".txt");
    ASSERT_EQ(shell(swaks + variants[i] + " >" + out.string() + " 2>&1"), 0) << read_text(out);
    transcripts[i] = read_text(out);
    live->drain(std::chrono::milliseconds(0));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // last FIN/ACKs
  const CaptureAnalysis analysis = live->finish();
  const LiveStats stats = live->stats();
  EXPECT_EQ(stats.kernel_dropped, 0u);
  EXPECT_EQ(stats.queue_dropped, 0u);
  // On lo each frame passes twice and libpcap keeps one copy: every copy kept is delivered.
  EXPECT_EQ(stats.delivered, analysis.packets);
  ASSERT_EQ(analysis.sessions.size(), 3u);

  const std::string expected_sha = sha256_hex(std::string(kMessage) + "\r\n");
  for (int i = 0; i < 3; ++i) {
    const SmtpSession& session = analysis.sessions[i];
    SCOPED_TRACE("session " + std::to_string(i + 1));
    // The dialogue is what swaks saw in clear (after STARTTLS swaks prints "~>" lines).
    EXPECT_EQ(our_dialogue(session), swaks_dialogue(transcripts[i]));

    // Every line: the exact bytes at [offset, offset+length), carried by first_frame..frame.
    const auto streams = rebuild(pcap, session);
    for (const DialogueEntry& entry : session.dialogue) {
      const int side = static_cast<int>(entry.side);
      const std::string text = wire_text(entry);
      ASSERT_TRUE(streams.count(side));
      const IndependentStream& stream = streams.at(side);
      ASSERT_LE(entry.offset + entry.length, stream.bytes.size());
      if (entry.kind != DialogueEntry::Kind::DataEnd) {
        EXPECT_EQ(entry.length, text.size()) << text;
      }
      EXPECT_EQ(stream.bytes.substr(entry.offset + entry.length - text.size(), text.size()), text);
      EXPECT_EQ(stream.frame_of[entry.offset], entry.first_frame) << text;
      EXPECT_EQ(stream.frame_of[entry.offset + entry.length - 1], entry.frame) << text;
    }
  }

  // Plain and AUTH sessions: the message as the server received it.
  for (int i : {0, 2}) {
    ASSERT_EQ(analysis.sessions[i].messages.size(), 1u);
    const SmtpMessage& message = analysis.sessions[i].messages[0];
    EXPECT_EQ(message.final_code, 250);
    EXPECT_EQ(message.sha256, expected_sha);
    EXPECT_EQ(message.subject, "live capture");
  }
  ASSERT_EQ(analysis.sessions[2].credentials.size(), 1u);
  EXPECT_EQ(analysis.sessions[2].credentials[0].user, "ali");
  EXPECT_EQ(analysis.sessions[2].credentials[0].password, "sesame");

  // STARTTLS session: the 220 answers STARTTLS, then TLS records both ways after it.
  const SmtpSession& tls = analysis.sessions[1];
  EXPECT_TRUE(tls.tls);
  EXPECT_TRUE(tls.messages.empty());
  ASSERT_GE(tls.dialogue.size(), 2u);
  const DialogueEntry& ready = tls.dialogue.back();
  EXPECT_EQ(ready.code, 220);
  EXPECT_EQ(tls.dialogue[tls.dialogue.size() - 2].verb, "STARTTLS");
  bool client_hello = false;
  bool server_records = false;
  for (const TlsRecordSeen& seen : tls.tls_records) {
    EXPECT_GT(seen.frame, ready.frame);
    if (seen.side == Side::Client && seen.record.handshake_type == 1) client_hello = true;
    if (seen.side == Side::Server) server_records = true;
  }
  EXPECT_TRUE(client_hello);
  EXPECT_TRUE(server_records);

  // The saved file through tshark: the same commands and reply codes, frame by frame.
  if (shell("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark not installed";
  const fs::path tshark_out = dir_ / "tshark.tsv";
  ASSERT_EQ(shell("tshark -r " + pcap + " -d tcp.port==" + std::to_string(smtp) +
                  ",smtp -d tcp.port==" + std::to_string(submission) +
                  ",smtp -Y smtp -T fields -e frame.number -e smtp.req.command "
                  "-e smtp.response.code >" +
                  tshark_out.string() + " 2>/dev/null"),
            0);
  std::vector<std::string> theirs;
  std::istringstream lines(read_text(tshark_out));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string frame, command, codes;
    std::getline(fields, frame, '\t');
    std::getline(fields, command, '\t');
    std::getline(fields, codes, '\t');
    // tshark cuts STARTTLS to "STAR" (a known tshark quirk, see captures/README.md).
    if (command == "STAR") command = "STARTTLS";
    if (!command.empty()) theirs.push_back(frame + " " + command);
    // One code per reply line: keep one per frame (replies here are one per segment).
    if (!codes.empty()) theirs.push_back(frame + " " + codes.substr(0, codes.find(',')));
  }
  std::vector<std::string> ours;
  for (const SmtpSession& session : analysis.sessions) {
    for (const DialogueEntry& entry : session.dialogue) {
      if (entry.kind == DialogueEntry::Kind::Command) {
        std::string verb = entry.verb;
        for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ours.push_back(std::to_string(entry.frame) + " " + verb);
      } else if (entry.kind == DialogueEntry::Kind::Reply) {
        ours.push_back(std::to_string(entry.frame) + " " + std::to_string(entry.code));
      }
    }
  }
  EXPECT_EQ(ours, theirs);

  // Exports: one session's frames as .pcapng (tshark opens it), a message as .eml.
  const std::string one = (dir_ / "session1.pcapng").string();
  EXPECT_GT(export_session_frames(pcap, analysis.sessions[0], one, error), 0) << error;
  EXPECT_EQ(shell("tshark -r " + one + " >/dev/null 2>&1"), 0);
  EXPECT_TRUE(write_message_eml(analysis.sessions[0].messages[0], dir_ / "m.eml", error));
  EXPECT_EQ(sha256_hex(read_text(dir_ / "m.eml")), expected_sha);
}

TEST(LiveCaptureErrors, UnknownInterfaceIsAClearError) {
  LiveOptions options;
  options.interface = "smtplab-no-such0";
  std::string error;
  EXPECT_EQ(LiveCapture::open(options, error), nullptr);
  EXPECT_NE(error.find("smtplab-no-such0"), std::string::npos) << error;
}

TEST(LiveCaptureErrors, PermissionHintSaysHowToGrantIt) {
  const std::string hint = capture_permission_hint();
  EXPECT_NE(hint.find("setcap cap_net_raw,cap_net_admin=eip"), std::string::npos);
  EXPECT_NE(hint.find("root"), std::string::npos);
}

TEST(BpfFilter, BuiltFromHostsAndPorts) {
  EXPECT_EQ(build_bpf_filter({}, {}), "tcp");
  EXPECT_EQ(build_bpf_filter({"127.0.0.1"}, {25}), "tcp and host 127.0.0.1 and port 25");
  EXPECT_EQ(build_bpf_filter({"127.0.1.20", "127.0.1.21"}, {25, 587}),
            "tcp and (host 127.0.1.20 or host 127.0.1.21) and (port 25 or port 587)");
}

}  // namespace
}  // namespace smtplab::capture
