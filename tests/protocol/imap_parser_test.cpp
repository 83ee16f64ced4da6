// The IMAP machine's pure parts: sequence sets, the argument cursor (atoms, quoted strings,
// literals), literal announcements, FETCH items, SEARCH programs, flag lists, dates, and
// string formatting for responses.
#include <gtest/gtest.h>

#include "sim/protocol/imap/arguments.hpp"
#include "sim/protocol/imap/command_reader.hpp"
#include "sim/protocol/imap/command_table.hpp"
#include "sim/protocol/imap/fetch_items.hpp"
#include "sim/protocol/imap/flags.hpp"
#include "sim/protocol/imap/message_structure.hpp"
#include "sim/protocol/imap/response_catalogue.hpp"
#include "sim/protocol/imap/search.hpp"
#include "sim/protocol/imap/sequence_set.hpp"

namespace smtplab::protocol::imap {
namespace {

TEST(ImapSequenceSet, ParsesNumbersRangesAndStar) {
  const auto set = SequenceSet::parse("1,3:5,9:*");
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(1, 12));
  EXPECT_FALSE(set->contains(2, 12));
  EXPECT_TRUE(set->contains(4, 12));
  EXPECT_TRUE(set->contains(12, 12));
  EXPECT_FALSE(set->contains(8, 12));
  EXPECT_EQ(set->largest_explicit(), 9u);
}

TEST(ImapSequenceSet, ReversedRangeAndStarBelowStartStillMatch) {
  // RFC 3501 §6.4.8: "559:*" includes the last UID even when it is below 559.
  const auto set = SequenceSet::parse("559:*");
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(100, 100));
  EXPECT_FALSE(set->contains(99, 100));
  EXPECT_TRUE(SequenceSet::parse("5:2")->contains(3, 10));
}

TEST(ImapSequenceSet, RefusesBadSyntax) {
  for (const char* bad : {"", "0", "1,", ",1", "1:", "a", "1:2:3", "4294967296", "01"}) {
    EXPECT_FALSE(SequenceSet::parse(bad)) << bad;
  }
}

TEST(ImapArguments, ReadsAtomsQuotedStringsAndLiterals) {
  Arguments args("a1 LOGIN \"al\\\"i\" {6}\r\nses\r\nm");
  EXPECT_EQ(args.tag(), "a1");
  EXPECT_TRUE(args.space());
  EXPECT_EQ(args.atom(), "LOGIN");
  EXPECT_TRUE(args.space());
  EXPECT_EQ(args.astring(), "al\"i");
  EXPECT_TRUE(args.space());
  EXPECT_EQ(args.astring(), "ses\r\nm");  // a literal carries any octet, CRLF included
  EXPECT_TRUE(args.at_end());
}

TEST(ImapArguments, NonSynchronisingLiteralAndBadStrings) {
  Arguments plus("{3+}\r\nabc");
  EXPECT_EQ(plus.string(), "abc");
  Arguments short_literal("{9}\r\nabc");
  EXPECT_FALSE(short_literal.string());
  Arguments unterminated("\"abc");
  EXPECT_FALSE(unterminated.string());
  Arguments bad_escape("\"a\\bc\"");
  EXPECT_FALSE(bad_escape.string());
}

TEST(ImapLiteralAnnouncement, FoundOnlyAtTheEndOfALine) {
  EXPECT_EQ(literal_at_end("a LOGIN {5}")->size, 5u);
  EXPECT_FALSE(literal_at_end("a LOGIN {5}")->non_synchronising);
  EXPECT_TRUE(literal_at_end("a LOGIN {5+}")->non_synchronising);
  EXPECT_FALSE(literal_at_end("a LOGIN {5} x"));
  EXPECT_FALSE(literal_at_end("a LOGIN {}"));
  EXPECT_FALSE(literal_at_end("a LOGIN {x}"));
  EXPECT_FALSE(literal_at_end("a LOGIN {12345678901234567890}"));
}

TEST(ImapResponseFormat, StatusCodeAndText) {
  EXPECT_EQ(format_response(ResponseId::UidValidity, "*", "3857529045"),
            "* OK [UIDVALIDITY 3857529045] UIDs valid");
  EXPECT_EQ(format_response(ResponseId::LoginFailed, "a1"),
            "a1 NO [AUTHENTICATIONFAILED] Authentication failed");
  EXPECT_EQ(format_response(ResponseId::SyntaxError, "a2", {}, "LOGIN userid password"),
            "a2 BAD Syntax: LOGIN userid password");
  EXPECT_EQ(format_response(ResponseId::SaslChallenge, "+"), "+ ");
  EXPECT_EQ(response_name(ResponseId::TryCreate), "TryCreate");
}

TEST(ImapCommandTable, NamesAreCaseInsensitiveAndStatesChecked) {
  const ImapCommandSpec* fetch = find_imap_command("fetch");
  ASSERT_NE(fetch, nullptr);
  EXPECT_EQ(fetch->command, ImapCommand::Fetch);
  EXPECT_TRUE(allowed_in(*fetch, ImapState::Selected));
  EXPECT_FALSE(allowed_in(*fetch, ImapState::Authenticated));
  EXPECT_FALSE(allowed_in(*find_imap_command("LOGIN"), ImapState::Authenticated));
  EXPECT_EQ(find_imap_command("XYZZY"), nullptr);
  for (const auto& spec : imap_command_table()) EXPECT_EQ(imap_command_spec(spec.command), &spec);
}

std::vector<FetchItem> items_of(std::string_view text) {
  Arguments args(text);
  auto items = parse_fetch_items(args);
  EXPECT_TRUE(items) << text;
  EXPECT_TRUE(args.at_end()) << text;
  return items.value_or(std::vector<FetchItem>{});
}

TEST(ImapFetchItems, MacrosAndSingleItems) {
  EXPECT_EQ(items_of("ALL").size(), 4u);
  EXPECT_EQ(items_of("fast").size(), 3u);
  EXPECT_EQ(items_of("FULL").size(), 5u);
  EXPECT_EQ(items_of("UID")[0].kind, FetchItem::Kind::Uid);
  EXPECT_EQ(items_of("(FLAGS RFC822.SIZE)").size(), 2u);
}

TEST(ImapFetchItems, SectionsAndPartialsNameThemselvesInResponses) {
  auto items = items_of("(BODY.PEEK[HEADER.FIELDS (From Subject)] BODY[1.2.MIME] BODY[]<0.100>)");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(items[0].peek);
  EXPECT_FALSE(items[0].sets_seen());
  EXPECT_EQ(items[0].response_name(), "BODY[HEADER.FIELDS (From Subject)]");
  EXPECT_EQ(items[1].response_name(), "BODY[1.2.MIME]");
  EXPECT_TRUE(items[2].sets_seen());
  EXPECT_EQ(items[2].response_name(), "BODY[]<0>");
  EXPECT_EQ(items_of("body[text]")[0].response_name(), "BODY[TEXT]");
}

TEST(ImapFetchItems, RefusesBadItems) {
  for (const char* bad :
       {"BODY[", "BODY[HEADER", "BODY[FOO]", "BODY[MIME]", "BODY[]<1>", "BODY[]<1.0>", "BODY.PEEK",
        "(FLAGS", "(FLAGS  UID)", "NOPE", "()", "BODY[HEADER.FIELDS ()]", "BODY[1.]"}) {
    Arguments args(bad);
    const auto items = parse_fetch_items(args);
    EXPECT_TRUE(!items || !args.at_end()) << bad;
  }
}

TEST(ImapFetchItems, SectionOctetsOfAMultipartMessage) {
  const std::string raw =
      "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\n";
  const auto root = message::parse_message(raw);
  const auto octets = [&](std::string_view item) {
    return section_octets(raw, root, items_of(item)[0]);
  };
  EXPECT_EQ(octets("BODY[1]"), "one");
  EXPECT_EQ(octets("BODY[2]"), "two");
  EXPECT_EQ(octets("BODY[1.MIME]"), "Content-Type: text/plain\r\n\r\n");
  EXPECT_EQ(octets("BODY[3]"), "");
  EXPECT_EQ(octets("BODY[HEADER.FIELDS (SUBJECT)]"), "Subject: s\r\n\r\n");
  EXPECT_EQ(octets("BODY[HEADER.FIELDS.NOT (SUBJECT)]"),
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n");
  EXPECT_EQ(octets("BODY[]<2.5>"), "bject");
  EXPECT_EQ(octets("BODY[]<5000.5>"), "");
}

SearchProgram program_of(std::string_view text) {
  Arguments args(text);
  return parse_search(args, 4, 50);
}

TEST(ImapSearchProgram, ParsesKeysAndRefusesBadOnes) {
  EXPECT_TRUE(program_of("ALL").key);
  EXPECT_TRUE(program_of("CHARSET UTF-8 FROM ali").key);
  EXPECT_TRUE(program_of("OR SEEN (FLAGGED NOT DELETED) 1:3 UID 4,5").key);
  EXPECT_TRUE(program_of("HEADER X-Lab \"a b\" SINCE 1-Feb-1994 LARGER 10").key);
  EXPECT_FALSE(program_of("SINCE 31-Foo-1994").key);
  EXPECT_FALSE(program_of("OR SEEN").key);
  EXPECT_FALSE(program_of("NOSUCHKEY").key);
  EXPECT_EQ(program_of("CHARSET KOI8-R ALL").error, SearchError::BadCharset);
  EXPECT_EQ(program_of("NOT NOT NOT NOT NOT ALL").error, SearchError::TooDeep);
  std::string many = "ALL";
  for (int i = 0; i < 60; ++i) many += " ALL";
  EXPECT_EQ(program_of(many).error, SearchError::TooManyKeys);
}

TEST(ImapSearchProgram, MatchesFlagsSizesAndDates) {
  MessageSummary m;
  m.uid = 7;
  m.flags.system = kSeen | kRecent;
  m.size = 500;
  m.internal_date = 1780000000;  // 2026-05-28 20:26:40 UTC
  SearchSubject subject;
  subject.sequence = 2;
  subject.largest_sequence = 3;
  subject.largest_uid = 9;
  subject.summary = &m;
  subject.content = []() -> const ParsedMessage* { return nullptr; };
  const auto matches = [&](std::string_view text) {
    const auto program = program_of(text);
    EXPECT_TRUE(program.key) << text;
    return program.key && search_matches(*program.key, subject);
  };
  EXPECT_TRUE(matches("SEEN RECENT"));
  EXPECT_FALSE(matches("UNSEEN"));
  EXPECT_FALSE(matches("NEW"));
  EXPECT_TRUE(matches("LARGER 499 SMALLER 501"));
  EXPECT_TRUE(matches("SINCE 28-May-2026 ON 28-May-2026 BEFORE 29-May-2026"));
  EXPECT_TRUE(matches("UID 7:* 2"));
  EXPECT_TRUE(matches("OR DELETED NOT FLAGGED"));
  EXPECT_FALSE(matches("FROM ali"));  // no content: header keys cannot match
}

TEST(ImapFlags, ParseFormatAndApply) {
  Arguments args("(\\Seen \\deleted work)");
  const auto flags = parse_flag_list(args, 10);
  ASSERT_TRUE(flags);
  EXPECT_EQ(format_flags(*flags), "(\\Deleted \\Seen work)");
  Arguments recent("\\Recent");
  EXPECT_FALSE(parse_flag_list(recent, 10));
  Arguments unknown("(\\Bogus)");
  EXPECT_FALSE(parse_flag_list(unknown, 10));
  MessageFlags current;
  current.system = kRecent | kAnswered;
  const MessageFlags replaced = apply_flags(current, *flags, FlagChange::Replace);
  EXPECT_EQ(replaced.system, kRecent | kSeen | kDeleted);
  const MessageFlags removed = apply_flags(replaced, *flags, FlagChange::Remove);
  EXPECT_EQ(removed.system, kRecent);
  EXPECT_TRUE(removed.keywords.empty());
}

TEST(ImapDates, InternalDateAndSearchDate) {
  EXPECT_EQ(format_internal_date(837596665, -420), "\"17-Jul-1996 02:44:25 -0700\"");
  EXPECT_EQ(format_internal_date(0, 0), "\" 1-Jan-1970 00:00:00 +0000\"");
  EXPECT_EQ(parse_imap_date("1-Feb-1994"), 19940201);
  EXPECT_FALSE(parse_imap_date("1-Feb-94"));
  EXPECT_FALSE(parse_imap_date("32-Feb-1994"));
  const auto date = parse_internal_date("17-Jul-1996 02:44:25 -0700");
  ASSERT_TRUE(date);
  EXPECT_EQ(date->unix_seconds, 837596665);
  EXPECT_EQ(date->offset_minutes, -420);
  EXPECT_TRUE(parse_internal_date(" 3-Dec-2026 10:00:00 +0100"));
  EXPECT_FALSE(parse_internal_date("17-Jul-1996 02:44 -0700"));
  EXPECT_FALSE(parse_internal_date("17-Jul-1996 25:44:25 -0700"));
}

TEST(ImapStrings, QuotedOrLiteral) {
  EXPECT_EQ(imap_string("a \"b\""), "\"a \\\"b\\\"\"");
  EXPECT_EQ(imap_string("two\r\nlines"), "{10}\r\ntwo\r\nlines");
  EXPECT_EQ(imap_astring("INBOX"), "INBOX");
  EXPECT_EQ(imap_astring("My Box"), "\"My Box\"");
  EXPECT_EQ(imap_astring("NIL"), "\"NIL\"");
}

// A non-ASCII display name goes back to 7-bit encoded words (sim/message decoded it), a
// group opens and closes with RFC 3501's markers, absent fields are NIL.
TEST(ImapEnvelope, GroupsEncodedNamesAndMissingFields) {
  const auto root = message::parse_message(
      "From: =?utf-8?q?caf=C3=A9?= <x@y.example>\r\n"
      "To: Team: a@b.example, \"C D\" <c@d.example>;, e@f.example\r\n\r\nbody\r\n");
  EXPECT_EQ(envelope(root),
            "(NIL NIL ((\"=?utf-8?B?Y2Fmw6k=?=\" NIL \"x\" \"y.example\")) "
            "((\"=?utf-8?B?Y2Fmw6k=?=\" NIL \"x\" \"y.example\")) "
            "((\"=?utf-8?B?Y2Fmw6k=?=\" NIL \"x\" \"y.example\")) "
            "((NIL NIL \"Team\" NIL)(NIL NIL \"a\" \"b.example\")(\"C D\" NIL \"c\" "
            "\"d.example\")(NIL NIL NIL NIL)(NIL NIL \"e\" \"f.example\")) NIL NIL NIL NIL)");
}

TEST(ImapBodyStructure, SinglePartDefaultsAndLineCount) {
  const std::string raw = "Subject: s\r\n\r\none\r\ntwo";
  const auto root = message::parse_message(raw);
  EXPECT_EQ(body_structure(root, raw, false),
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 8 2)");
  EXPECT_EQ(body_structure(root, raw, true),
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 8 2 NIL NIL NIL "
            "NIL)");
}

}  // namespace
}  // namespace smtplab::protocol::imap
