// The analysis panel's rows without a window: rendered once per capture, language and chat
// filter (a frame with nothing new renders nothing), again when one of them changes, and
// saying what listed_notes() and note_text() say, in the same order.
#include "gui/app/model/capture_findings.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "capture/pcap_reader.hpp"
#include "gui/app/model/capture_reading.hpp"

using namespace smtplab;
using namespace smtplab::app;

namespace {

std::shared_ptr<const CaptureModel> load(const std::string& path) {
  capture::PcapReader reader(path);
  if (!reader.ok()) return nullptr;
  return read_capture(reader, path);
}

const std::string kEnvelope = std::string(SMTPLAB_LAB_CAPTURES_DIR) + "/lab-envelope.pcap";

TEST(AnalysisListing, RendersOncePerCaptureLanguageAndFilter) {
  const auto model = load(kEnvelope);
  ASSERT_NE(model, nullptr);
  AnalysisListing listing;
  EXPECT_FALSE(listing.is_for(model, Language::Fr, false));
  EXPECT_TRUE(listing.update(model, Language::Fr, false));
  for (int frame = 0; frame < 5; ++frame) EXPECT_FALSE(listing.update(model, Language::Fr, false));
  EXPECT_EQ(listing.builds(), 1u);

  // What the panel shows is what the listing functions give, in French.
  const auto notes = listed_notes(*model, false);
  ASSERT_FALSE(notes.empty());
  ASSERT_EQ(listing.notes().size(), notes.size());
  for (std::size_t row = 0; row < notes.size(); ++row) {
    const RenderedNote& rendered = listing.notes()[row];
    EXPECT_EQ(rendered.listed.note, notes[row].note);
    EXPECT_EQ(rendered.text, note_text(*notes[row].note, Language::Fr));
    EXPECT_EQ(rendered.id,
              std::to_string(notes[row].note->frame) + "##note-" + std::to_string(row));
    EXPECT_EQ(rendered.session,
              notes[row].session < 0 ? "" : std::to_string(notes[row].session + 1));
  }
  const auto messages = listed_messages(*model);
  ASSERT_EQ(listing.messages().size(), messages.size());
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(listing.messages()[0].id, "1.1##msg-0");
  EXPECT_EQ(listing.messages()[0].octets, std::to_string(messages[0].message->content.size()));
  EXPECT_EQ(listing.messages()[0].from, capture::path_address(messages[0].message->mail_from));

  // The language changes: the notes are said again, in English this time.
  EXPECT_TRUE(listing.update(model, Language::En, false));
  EXPECT_EQ(listing.notes()[0].text, notes[0].note->text);
  // The chat filter changes: ordinary events join the list.
  EXPECT_TRUE(listing.update(model, Language::En, true));
  EXPECT_EQ(listing.notes().size(), listed_notes(*model, true).size());
  EXPECT_EQ(listing.builds(), 3u);
  EXPECT_FALSE(listing.update(model, Language::En, true));
}

TEST(AnalysisListing, ANewCaptureIsRenderedAgainEvenWhenEqual) {
  auto first = load(kEnvelope);
  ASSERT_NE(first, nullptr);
  AnalysisListing listing;
  listing.update(first, Language::En, false);
  // The same file opened again is another model: its rows point into it, not the old one.
  const auto second = load(kEnvelope);
  EXPECT_FALSE(listing.is_for(second, Language::En, false));
  EXPECT_TRUE(listing.update(second, Language::En, false));
  EXPECT_EQ(listing.notes().front().listed.note, listed_notes(*second, false).front().note);
  // The listing keeps no capture alive.
  const std::weak_ptr<const CaptureModel> gone = first;
  first.reset();
  EXPECT_TRUE(gone.expired());
  EXPECT_FALSE(listing.is_for(nullptr, Language::En, false));
}

}  // namespace
