// Golden test: every message extracted from the public captures in
// SMTPLAB_CAPTURES_DIR is parsed, and its leaf parts and decoded subject are compared
// with the ground truth made by Python's email package (policy.default):
// F.parts.tsv (content type, filename, transfer encoding, decoded size, SHA-256 of the
// decoded octets, by walk() index) and F.messages.tsv (decoded_subject).
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/message/mime.hpp"

namespace {

namespace fs = std::filesystem;
using smtplab::message::MimePart;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

// Rows of a TSV file as maps from column name to value.
std::vector<std::vector<std::pair<std::string, std::string>>> read_tsv(const fs::path& p) {
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
  std::ifstream in(p);
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& s) {
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (;;) {
      const std::size_t tab = s.find('\t', start);
      cols.push_back(s.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    return cols;
  };
  if (!std::getline(in, line)) return rows;
  header = split(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cols = split(line);
    std::vector<std::pair<std::string, std::string>> row;
    for (std::size_t i = 0; i < header.size(); ++i) {
      row.emplace_back(header[i], i < cols.size() ? cols[i] : "");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string col(const std::vector<std::pair<std::string, std::string>>& row,
                const std::string& name) {
  for (const auto& [k, v] : row) {
    if (k == name) return v;
  }
  ADD_FAILURE() << "column " << name << " missing";
  return {};
}

const fs::path kCaptures = SMTPLAB_CAPTURES_DIR;

// The public captures' ground truth: absent when the project stands alone (no ../shared).
bool have_captures() {
  std::error_code ec;
  return fs::is_directory(kCaptures, ec);
}

TEST(GoldenCaptures, LeafPartsMatchPythonEmail) {
  if (!have_captures())
    GTEST_SKIP() << "the public captures (" SMTPLAB_CAPTURES_DIR ") are not here";
  std::size_t rows_checked = 0;
  for (const auto& entry : fs::directory_iterator(kCaptures)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".parts.tsv")) continue;
    const std::string capture = name.substr(0, name.size() - std::string(".parts.tsv").size());
    const fs::path dir = kCaptures / (capture + ".messages");
    for (const auto& row : read_tsv(entry.path())) {
      const std::string eml = col(row, "eml_file");
      SCOPED_TRACE(capture + "/" + eml + " part " + col(row, "part_index"));
      const std::string raw = read_file(dir / eml);
      ASSERT_FALSE(raw.empty());
      const MimePart root = smtplab::message::parse_message(raw);
      const auto nodes = smtplab::message::walk(root);
      const std::size_t index = std::stoul(col(row, "part_index"));
      ASSERT_LT(index, nodes.size());
      const MimePart& part = *nodes[index];
      EXPECT_EQ(part.index, index);
      EXPECT_TRUE(part.is_leaf());
      EXPECT_EQ(part.content_type.mime_type(), col(row, "content_type"));
      EXPECT_EQ(part.filename, col(row, "filename"));
      EXPECT_EQ(part.transfer_encoding_text, col(row, "transfer_encoding"));
      EXPECT_EQ(part.body.size(), std::stoul(col(row, "decoded_bytes")));
      EXPECT_EQ(sha256_hex(part.body), col(row, "sha256"));
      ++rows_checked;
    }
  }
  EXPECT_GE(rows_checked, 11u);
}

TEST(GoldenCaptures, LeafListMatchesPartsTsv) {
  if (!have_captures())
    GTEST_SKIP() << "the public captures (" SMTPLAB_CAPTURES_DIR ") are not here";
  // Every leaf our parser finds is listed in parts.tsv and none is missing.
  for (const auto& entry : fs::directory_iterator(kCaptures)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".parts.tsv")) continue;
    const std::string capture = name.substr(0, name.size() - std::string(".parts.tsv").size());
    std::vector<std::pair<std::string, std::size_t>> expected;
    for (const auto& row : read_tsv(entry.path())) {
      expected.emplace_back(col(row, "eml_file"), std::stoul(col(row, "part_index")));
    }
    for (const auto& eml : fs::directory_iterator(kCaptures / (capture + ".messages"))) {
      const MimePart root = smtplab::message::parse_message(read_file(eml.path()));
      for (const MimePart* leaf : smtplab::message::leaf_parts(root)) {
        const std::pair<std::string, std::size_t> key{eml.path().filename().string(), leaf->index};
        EXPECT_NE(std::find(expected.begin(), expected.end(), key), expected.end())
            << capture << "/" << key.first << " leaf " << key.second << " not in parts.tsv";
      }
    }
  }
}

TEST(GoldenCaptures, DecodedSubjectsMatch) {
  if (!have_captures())
    GTEST_SKIP() << "the public captures (" SMTPLAB_CAPTURES_DIR ") are not here";
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kCaptures)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".messages.tsv")) continue;
    for (const auto& row : read_tsv(entry.path())) {
      const std::string eml = col(row, "eml_file");
      if (eml.empty()) continue;
      SCOPED_TRACE(eml);
      const MimePart root = smtplab::message::parse_message(read_file(kCaptures / eml));
      EXPECT_EQ(smtplab::message::decoded_subject(root), col(row, "decoded_subject"));
      ++checked;
    }
  }
  EXPECT_GE(checked, 7u);
}

}  // namespace
