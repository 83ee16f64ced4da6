// The note catalogue: every kind of note has a stable name and both texts with the same
// placeholders, and the notes of real captures from the project's corpus say something
// different in French, with every placeholder filled.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "capture/note_catalogue.hpp"
#include "capture/notes.hpp"

namespace smtplab::capture {
namespace {

// The numbers of the {n} placeholders of a template.
std::multiset<int> placeholders(std::string_view text) {
  std::multiset<int> out;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '{' && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') {
      out.insert(text[i + 1] - '0');
    }
  }
  return out;
}

bool has_placeholder(std::string_view text) {
  return !placeholders(text).empty();
}

bool snake_case(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

TEST(NoteCatalogue, EveryNoteHasANameAndBothTextsWithTheSamePlaceholders) {
  const auto specs = note_specs();
  ASSERT_EQ(specs.size(), static_cast<std::size_t>(NoteId::MailCommandBad) + 1);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const NoteSpec& spec = specs[i];
    SCOPED_TRACE(spec.name);
    EXPECT_EQ(static_cast<std::size_t>(spec.id), i);
    EXPECT_TRUE(snake_case(spec.name));
    EXPECT_TRUE(names.insert(spec.name).second) << "duplicate name";
    EXPECT_EQ(note_id_from_name(spec.name), spec.id);
    EXPECT_EQ(note_name(spec.id), spec.name);
    EXPECT_FALSE(spec.en.empty());
    EXPECT_FALSE(spec.fr.empty());
    EXPECT_NE(spec.en, spec.fr);
    // The same values in both languages, numbered 1..n without a hole.
    const auto en = placeholders(spec.en);
    const std::set<int> en_numbers(en.begin(), en.end());
    const auto fr = placeholders(spec.fr);
    EXPECT_EQ(en_numbers, std::set<int>(fr.begin(), fr.end()));
    int expected = 1;
    for (int n : en_numbers) EXPECT_EQ(n, expected++);
  }
  EXPECT_EQ(note_id_from_name("no_such_note"), std::nullopt);
}

TEST(NoteCatalogue, GradersStillFindSmugglingByItsEnglishText) {
  const Note note = make_note(NoteId::SmtpSmuggling, 7, {"<LF>.<LF>"});
  EXPECT_EQ(note.severity, Severity::Warning);
  EXPECT_EQ(note.frame, 7u);
  EXPECT_TRUE(note.text.starts_with("possible SMTP smuggling: <LF>.<LF> inside DATA")) << note.text;
  EXPECT_EQ(note_text(note, NoteLanguage::En), note.text);
  EXPECT_EQ(note_text(note, NoteLanguage::Fr),
            "contrebande SMTP possible : <LF>.<LF> dans DATA (un serveur permissif terminerait "
            "le message ici et lirait la suite comme des commandes)");
}

TEST(NoteCatalogue, FillingReplacesEachPlaceholderOnceAndKeepsMissingOnes) {
  const std::vector<std::string> args{"a{2}", "b"};
  EXPECT_EQ(fill_note_template("{1}-{2}-{3}-{x}-{", args), "a{2}-b-{3}-{x}-{");
  EXPECT_EQ(fill_note_template("no value", {}), "no value");
}

// Every note of an analysis, capture-wide and per session.
std::vector<Note> all_notes(const CaptureAnalysis& analysis) {
  std::vector<Note> out = analysis.notes;
  for (const auto& session : analysis.sessions) {
    out.insert(out.end(), session.notes.begin(), session.notes.end());
  }
  return out;
}

// The header and MIME anomalies of sim/message: one row each, and the English of the rows is
// what those notes said when sim/message wrote them as prose.
TEST(NoteCatalogue, MimeAnomaliesHaveRowsWithTheirFormerEnglishText) {
  using message::MimeAnomaly;
  const std::vector<std::pair<message::MimeNote, std::string>> cases = {
      {{MimeAnomaly::HeaderStartsWithContinuation, {}},
       "header section starts with a continuation line (ignored)"},
      {{MimeAnomaly::MboxFromLine, {}}, "mbox \"From \" envelope line before the header (skipped)"},
      {{MimeAnomaly::NoEmptyLineBeforeBody, {"15"}},
       "no empty line between header and body: line at offset 15 starts the body"},
      {{MimeAnomaly::MultipartWithoutBoundary, {}},
       "multipart without a usable boundary parameter: body kept as a leaf"},
      {{MimeAnomaly::BoundaryNeverFound, {"zz"}},
       "multipart boundary \"zz\" never found: body kept as a leaf"},
      {{MimeAnomaly::ClosingBoundaryMissing, {"b"}}, "closing boundary \"--b--\" missing"},
      {{MimeAnomaly::TooManyParts, {}}, "too many parts: the rest is not parsed"},
      {{MimeAnomaly::InvalidContentType, {"garbage"}},
       "invalid Content-Type \"garbage\": text/plain assumed"},
      {{MimeAnomaly::UnknownTransferEncoding, {"x-foo"}},
       "unknown Content-Transfer-Encoding \"x-foo\": body not decoded"},
      {{MimeAnomaly::NestingTooDeep, {"32"}}, "nesting deeper than 32: not parsed further"},
      {{MimeAnomaly::EncodedMessagePart, {"base64"}},
       "message/rfc822 part encoded in base64, which RFC 2046 §5.2.1 forbids (only 7bit, 8bit "
       "or binary): decoded and read anyway, as filters that skip it would not"},
  };
  std::set<NoteId> ids;
  for (const auto& [anomaly, english] : cases) {
    SCOPED_TRACE(english);
    const NoteId id = mime_note_id(anomaly.anomaly);
    EXPECT_TRUE(ids.insert(id).second);
    EXPECT_TRUE(note_name(id).starts_with("mime_"));
    EXPECT_EQ(mime_note_text(anomaly, NoteLanguage::En), english);
    const std::string fr = mime_note_text(anomaly, NoteLanguage::Fr);
    EXPECT_NE(fr, english);
    EXPECT_FALSE(has_placeholder(fr)) << fr;
    const Note note = make_mime_note(anomaly, 7);
    EXPECT_EQ(note.id, id);
    EXPECT_EQ(note.frame, 7u);
    EXPECT_EQ(note.text, english);
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(MimeAnomaly::EncodedMessagePart) + 1);
  // A captured value is shown printable, as the dissector shows a captured line.
  const Note hostile = make_mime_note({MimeAnomaly::InvalidContentType, {"a\r\nb\x1b[31m"}}, 1);
  EXPECT_EQ(hostile.text, "invalid Content-Type \"a..b.[31m\": text/plain assumed");
}

class CorpusNotes : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusNotes, SayDifferentThingsInFrenchWithEveryValueFilled) {
  std::string error;
  const auto analysis = analyze_capture_file(GetParam(), error);
  ASSERT_TRUE(analysis) << error;
  const std::vector<Note> notes = all_notes(*analysis);
  ASSERT_FALSE(notes.empty());
  for (const Note& note : notes) {
    SCOPED_TRACE(note.text);
    const std::string en = note_text(note, NoteLanguage::En);
    const std::string fr = note_text(note, NoteLanguage::Fr);
    EXPECT_EQ(en, note.text);
    EXPECT_EQ(en, fill_note_template(note_spec(note.id).en, note.args));
    EXPECT_NE(fr, en);
    EXPECT_FALSE(has_placeholder(en));
    EXPECT_FALSE(has_placeholder(fr)) << fr;
    EXPECT_EQ(note.severity, note_spec(note.id).severity);
    const auto wanted = placeholders(note_spec(note.id).en);
    EXPECT_EQ(note.args.size(), std::set<int>(wanted.begin(), wanted.end()).size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    OwnCaptures, CorpusNotes,
    ::testing::Values(std::string(SMTPLAB_SCENARIOS_DIR) + "/captures/13-wild.pcapng",
                      std::string(SMTPLAB_LAB_CAPTURES_DIR) + "/lab-envelope.pcap"));

}  // namespace
}  // namespace smtplab::capture
