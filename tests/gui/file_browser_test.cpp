// The open dialog's model: what is listed, how typing narrows it, how Enter and the parent
// folder move, and how a file's kind is told (by content, not by name).
#include "gui/app/model/file_browser.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace smtplab::app;

namespace {

class FileBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("smtplab-browser-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "Zeta");
    fs::create_directories(root_ / "alpha");
    fs::create_directories(root_ / ".git");
    write("b.eml", "From: a@example.org\r\n\r\nbody\r\n");
    write("A.pcapng", std::string("\x0a\x0d\x0d\x0a", 4) + "rest");
    write("notes.txt", "not listed");
    write(".hidden.pcap", "not listed");
    // A capture under a message's name is still a capture: the content decides.
    write("alpha/trace.eml", std::string("\xd4\xc3\xb2\xa1", 4) + "rest");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(root_ / name, std::ios::binary) << bytes;
  }
  std::vector<std::string> names(const FileBrowser& b) {
    std::vector<std::string> out;
    for (int i : visible_entries(b)) out.push_back(b.entries[static_cast<std::size_t>(i)].name);
    return out;
  }
  fs::path root_;
};

TEST_F(FileBrowserTest, ListsFoldersFirstThenOpenableFilesWithoutHiddenOnes) {
  FileBrowser b;
  browse(b, root_);
  EXPECT_EQ(names(b), (std::vector<std::string>{"alpha", "Zeta", "A.pcapng", "b.eml"}));
  EXPECT_EQ(b.entries[2].kind, FileKind::Capture);
  EXPECT_EQ(b.entries[3].kind, FileKind::Message);
}

TEST_F(FileBrowserTest, TypingNarrowsCaseInsensitivelyAndEnterEntersAFolder) {
  FileBrowser b;
  browse(b, root_);
  b.typed = "ALP";
  EXPECT_EQ(names(b), std::vector<std::string>{"alpha"});
  EXPECT_FALSE(activate(b).open);
  EXPECT_EQ(b.folder, root_ / "alpha");
  EXPECT_TRUE(b.typed.empty());
  EXPECT_EQ(file_kind(root_ / "alpha" / "trace.eml"), FileKind::Capture);
  const BrowserChoice choice = activate(b);
  EXPECT_TRUE(choice.open);
  EXPECT_EQ(choice.path, root_ / "alpha" / "trace.eml");
}

TEST_F(FileBrowserTest, ParentPutsTheCursorOnTheFolderLeft) {
  FileBrowser b;
  browse(b, root_ / "Zeta");
  browse_parent(b);
  EXPECT_EQ(b.folder, root_);
  EXPECT_EQ(names(b)[static_cast<std::size_t>(b.cursor)], "Zeta");
  move_cursor(b, 100);
  EXPECT_EQ(b.cursor, 3);
  move_cursor(b, -100);
  EXPECT_EQ(b.cursor, 0);
}

TEST_F(FileBrowserTest, ATypedPathOpensAFileOrSaysItIsNotFound) {
  FileBrowser b;
  browse(b, root_ / "alpha");
  b.typed = "../b.eml";
  const BrowserChoice choice = activate(b);
  EXPECT_TRUE(choice.open);
  EXPECT_EQ(choice.path, root_ / "b.eml");
  b.typed = "../nowhere/";
  EXPECT_FALSE(activate(b).open);
  EXPECT_EQ(b.error, BrowserError::NotFound);
  EXPECT_EQ(b.error_path, (root_ / "nowhere").string());
}

TEST_F(FileBrowserTest, AnUnreadableFolderIsAnErrorNotACrash) {
  FileBrowser b;
  browse(b, root_ / "no-such-folder");
  EXPECT_EQ(b.error, BrowserError::CannotList);
  EXPECT_TRUE(b.entries.empty());
  EXPECT_FALSE(activate(b).open);
}

TEST(FileSizeText, SaysSizesInTheWindowsLanguage) {
  EXPECT_EQ(size_text(512, Language::En), "512 B");
  EXPECT_EQ(size_text(512, Language::Fr), "512 o");
  EXPECT_EQ(size_text(58600, Language::En), "58.6 kB");
  EXPECT_EQ(size_text(58600, Language::Fr), "58,6 ko");
  EXPECT_EQ(size_text(3400000, Language::Fr), "3,4 Mo");
}

}  // namespace
