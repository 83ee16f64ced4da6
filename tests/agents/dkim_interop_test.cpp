// DKIM interop with dkimpy (Debian's python3-dkim), both ways: dkimpy verifies what we
// sign, we verify what dkimpy signs (relaxed/relaxed, its default relaxed/simple, and
// simple/simple). Skipped with a message when python3-dkim is not installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "sim/agents/dkim.hpp"

namespace smtplab::agents {
namespace {

namespace fs = std::filesystem;

const std::string kMessage =
    "From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\n"
    "To: benharraf@menara.ma\r\n"
    "Subject: =?utf-8?q?R=C3=A9union?=\r\n"
    "Date: Mon, 13 May 2024 10:00:00 +0000\r\n"
    "Message-ID: <2@gsimaroc.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Bonjour  Monsieur,\r\n"
    "\r\n"
    "la r\xC3\xA9union est \xC3\xA0 10h.  \r\n"
    "\r\n";

// Runs a command and returns its standard output (empty on failure).
std::string run(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    status = -1;
    return out;
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  status = pclose(pipe);
  return out;
}

void write_file(const fs::path& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

class DkimInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    int status = 0;
    run(std::string(SMTPLAB_SYSTEM_PYTHON) + " -c 'import dkim' 2>/dev/null", status);
    if (status != 0) {
      GTEST_SKIP() << "python3-dkim (dkimpy) is not installed for " SMTPLAB_SYSTEM_PYTHON
                      "; run scripts/install-deps.sh";
    }
    dir = fs::temp_directory_path() / ("smtplab-dkim-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    key = DkimKey::generate(2048);
    ASSERT_TRUE(key);
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir.empty()) fs::remove_all(dir, ignored);
  }

  fs::path dir;
  std::optional<DkimKey> key;
};

constexpr const char* kVerifyScript = R"(
import sys, dkim
message = open(sys.argv[1], 'rb').read()
record = open(sys.argv[2], 'rb').read()
def dnsfunc(name, timeout=5):
    return record if name == b'lab._domainkey.gsimaroc.com.' or name == b'lab._domainkey.gsimaroc.com' else None
print('pass' if dkim.verify(message, dnsfunc=dnsfunc) else 'fail')
)";

constexpr const char* kSignScript = R"(
import sys, dkim
message = open(sys.argv[1], 'rb').read()
key = open(sys.argv[2], 'rb').read()
header, body = sys.argv[3].encode().split(b'/')
signature = dkim.sign(message, b'lab', b'gsimaroc.com', key,
                      canonicalize=(header, body),
                      include_headers=[b'from', b'to', b'subject', b'date'])
sys.stdout.buffer.write(signature + message)
)";

TEST_F(DkimInterop, DkimpyVerifiesOurSignature) {
  DkimSignOptions options;
  options.domain = "gsimaroc.com";
  const DkimSignature signature = dkim_sign(kMessage, *key, options);
  ASSERT_TRUE(signature.ok()) << signature.error;
  write_file(dir / "verify.py", kVerifyScript);
  write_file(dir / "record.txt", key->dns_record());
  write_file(dir / "good.eml", signature.field + kMessage);
  std::string tampered = signature.field + kMessage;
  // Search the body: the random signature's base64 may itself hold "10h".
  tampered[tampered.find("10h", tampered.find("\r\n\r\n"))] = '9';
  write_file(dir / "bad.eml", tampered);
  const std::string python =
      std::string(SMTPLAB_SYSTEM_PYTHON) + " " + (dir / "verify.py").string();
  int status = 0;
  EXPECT_EQ(
      run(python + " " + (dir / "good.eml").string() + " " + (dir / "record.txt").string(), status),
      "pass\n");
  EXPECT_EQ(status, 0);
  EXPECT_EQ(
      run(python + " " + (dir / "bad.eml").string() + " " + (dir / "record.txt").string(), status),
      "fail\n");
}

TEST_F(DkimInterop, WeVerifyDkimpySignatures) {
  write_file(dir / "sign.py", kSignScript);
  write_file(dir / "key.pem", key->private_key_pem());
  write_file(dir / "message.eml", kMessage);
  Resolver dns;
  dns.add_txt("lab._domainkey.gsimaroc.com", key->dns_record());
  for (const char* canon :
       {"relaxed/relaxed", "relaxed/simple", "simple/simple", "simple/relaxed"}) {
    int status = 0;
    const std::string signed_message =
        run(std::string(SMTPLAB_SYSTEM_PYTHON) + " " + (dir / "sign.py").string() + " " +
                (dir / "message.eml").string() + " " + (dir / "key.pem").string() + " " + canon,
            status);
    ASSERT_EQ(status, 0) << canon;
    ASSERT_EQ(signed_message.rfind("DKIM-Signature:", 0), 0u) << signed_message;
    const DkimVerification v = dkim_verify(signed_message, dns);
    EXPECT_EQ(v.result, DkimResult::Pass) << canon << ": " << v.reason;
    EXPECT_EQ(v.canonicalization, canon);

    std::string body_changed = signed_message;
    // Search the body: the random signature's base64 may itself hold "10h".
    body_changed[body_changed.find("10h", body_changed.find("\r\n\r\n"))] = '9';
    EXPECT_EQ(dkim_verify(body_changed, dns).failure, DkimFailure::BodyHashMismatch) << canon;
    std::string subject_changed = signed_message;
    subject_changed.replace(subject_changed.find("R=C3=A9union"), 3, "R=C3");
    EXPECT_EQ(dkim_verify(subject_changed, dns).failure, DkimFailure::SignatureMismatch) << canon;
  }
}

}  // namespace
}  // namespace smtplab::agents
