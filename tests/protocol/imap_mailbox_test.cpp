// The IMAP machine over a mailbox: SELECT/EXAMINE, LIST/LSUB/STATUS, CREATE/DELETE, FETCH
// (every item, server literals, \Seen), STORE, SEARCH, COPY, EXPUNGE renumbering, CLOSE,
// IDLE with new mail, and RFC 3501 §8's example session adapted.
#include "tests/protocol/imap_fixture.hpp"

namespace smtplab::protocol::imap::testing {
namespace {

using ImapMailboxTest = ImapFixture;

// A message with a given subject and body.
std::string message_with(std::string_view subject, std::string_view body = "text\r\n") {
  return "From: a@b.example\r\nSubject: " + std::string(subject) + "\r\n\r\n" + std::string(body);
}

TEST_F(ImapMailboxTest, SelectAnnouncesTheMailbox) {
  store.add("INBOX", message_with("one"), kSeen);
  store.add("INBOX", message_with("two"), kRecent);
  login();
  EXPECT_EQ(send("a1 SELECT inbox\r\n"),
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
            "* 2 EXISTS\r\n"
            "* 1 RECENT\r\n"
            "* OK [UNSEEN 2] First unseen message\r\n"
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags the "
            "client can change permanently\r\n"
            "* OK [UIDVALIDITY 1234] UIDs valid\r\n"
            "* OK [UIDNEXT 3] Predicted next UID\r\n"
            "a1 OK [READ-WRITE] SELECT completed\r\n");
  EXPECT_EQ(session->state(), ImapState::Selected);
  ASSERT_NE(session->selected(), nullptr);
  EXPECT_EQ(session->selected()->name(), "INBOX");
}

TEST_F(ImapMailboxTest, ExamineIsReadOnly) {
  store.add("INBOX", message_with("one"), 0);
  login();
  const std::string reply = send("a1 EXAMINE INBOX\r\n");
  EXPECT_TRUE(has(reply, "* OK [PERMANENTFLAGS ()]"));
  EXPECT_TRUE(has(reply, "a1 OK [READ-ONLY] EXAMINE completed\r\n"));
  EXPECT_EQ(send("a2 STORE 1 +FLAGS (\\Deleted)\r\n"),
            "a2 NO The mailbox is read-only (EXAMINE): STORE refused\r\n");
  EXPECT_EQ(send("a3 EXPUNGE\r\n"),
            "a3 NO The mailbox is read-only (EXAMINE): EXPUNGE refused\r\n");
  // Fetching the body does not set \Seen in a read-only mailbox.
  send("a4 FETCH 1 BODY[]\r\n");
  EXPECT_EQ(store.find("INBOX", 1)->summary.flags.system, 0);
}

TEST_F(ImapMailboxTest, SelectOfAMissingMailboxLeavesTheSelectedState) {
  select_inbox();
  EXPECT_EQ(send("a1 SELECT Nowhere\r\n"), line(ResponseId::NoSuchMailbox, "a1", {}, "Nowhere"));
  EXPECT_EQ(session->state(), ImapState::Authenticated);
}

TEST_F(ImapMailboxTest, ListLsubAndPatterns) {
  login();
  EXPECT_EQ(send("a1 LIST \"\" *\r\n"),
            "* LIST () \"/\" Archives\r\n* LIST () \"/\" Archives/2026\r\n"
            "* LIST () \"/\" INBOX\r\na1 OK LIST completed\r\n");
  EXPECT_EQ(send("a2 LIST \"\" %\r\n"),
            "* LIST () \"/\" Archives\r\n* LIST () \"/\" INBOX\r\na2 OK LIST completed\r\n");
  EXPECT_EQ(send("a3 LIST Archives/ %\r\n"),
            "* LIST () \"/\" Archives/2026\r\na3 OK LIST completed\r\n");
  EXPECT_EQ(send("a4 LSUB \"\" inbox\r\n"), "* LSUB () \"/\" INBOX\r\na4 OK LSUB completed\r\n");
  EXPECT_EQ(send("a5 LIST \"\"\r\n"), "a5 BAD Syntax: LIST reference mailbox-pattern\r\n");
  // Wildcards after wildcards: "*" may span levels, "%" may not.
  EXPECT_EQ(send("a6 LIST \"\" */%\r\n"),
            "* LIST () \"/\" Archives/2026\r\na6 OK LIST completed\r\n");
  EXPECT_EQ(send("a7 LIST \"\" %/%\r\n"),
            "* LIST () \"/\" Archives/2026\r\na7 OK LIST completed\r\n");
  EXPECT_EQ(send("a8 LIST \"\" %2026\r\n"), "a8 OK LIST completed\r\n");
  EXPECT_EQ(send("a9 LIST \"\" *2026\r\n"),
            "* LIST () \"/\" Archives/2026\r\na9 OK LIST completed\r\n");
}

TEST_F(ImapMailboxTest, NamespaceIsOnePersonalRoot) {
  login();
  EXPECT_EQ(send("a1 NAMESPACE\r\n"),
            "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\na1 OK NAMESPACE completed\r\n");
}

TEST_F(ImapMailboxTest, StatusCountsWithoutSelecting) {
  store.add("INBOX", message_with("one"), kSeen);
  store.add("INBOX", message_with("two"), kRecent);
  login();
  EXPECT_EQ(send("a1 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)\r\n"),
            "* STATUS INBOX (MESSAGES 2 RECENT 1 UIDNEXT 3 UIDVALIDITY 1234 UNSEEN 1)\r\n"
            "a1 OK STATUS completed\r\n");
  EXPECT_EQ(send("a2 STATUS Nowhere (MESSAGES)\r\n"),
            "a2 NO [NONEXISTENT] No such mailbox: Nowhere\r\n");
  EXPECT_EQ(send("a3 STATUS INBOX (SIZE)\r\n"),
            "a3 BAD Syntax: STATUS mailbox (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)\r\n");
}

TEST_F(ImapMailboxTest, CreateRenameAndDelete) {
  login();
  EXPECT_EQ(send("a1 CREATE Projets/\r\n"), "a1 OK CREATE completed\r\n");
  EXPECT_TRUE(store.boxes.count("Projets"));
  EXPECT_EQ(send("a2 CREATE Projets\r\n"),
            "a2 NO [ALREADYEXISTS] Mailbox already exists: Projets\r\n");
  EXPECT_EQ(send("a3 DELETE inbox\r\n"), "a3 NO [CANNOT] Cannot delete INBOX\r\n");
  EXPECT_EQ(send("r1 RENAME Projets Cours\r\n"), "r1 OK RENAME completed\r\n");
  EXPECT_EQ(send("r2 RENAME Nowhere Cours2\r\n"),
            line(ResponseId::NoSuchMailbox, "r2", {}, "Nowhere"));
  EXPECT_EQ(send("r3 RENAME Cours Archives\r\n"),
            line(ResponseId::AlreadyExists, "r3", {}, "Archives"));
  EXPECT_EQ(send("r4 RENAME inbox Old\r\n"),
            line(ResponseId::CannotDoThat, "r4", {}, "rename INBOX"));
  EXPECT_EQ(send("r5 RENAME Cours Projets\r\n"), "r5 OK RENAME completed\r\n");
  EXPECT_EQ(send("a4 DELETE Projets\r\n"), "a4 OK DELETE completed\r\n");
  EXPECT_EQ(send("a5 DELETE Projets\r\n"), "a5 NO [NONEXISTENT] No such mailbox: Projets\r\n");
}

TEST_F(ImapMailboxTest, FetchSmallItems) {
  store.add("INBOX", kPlainMessage, kSeen | kFlagged, 837596665);
  select_inbox();
  EXPECT_EQ(send("a1 FETCH 1 (FLAGS UID RFC822.SIZE INTERNALDATE)\r\n"),
            "* 1 FETCH (FLAGS (\\Flagged \\Seen) UID 1 RFC822.SIZE " +
                std::to_string(kPlainMessage.size()) +
                " INTERNALDATE \"17-Jul-1996 10:44:25 +0100\")\r\n"
                "a1 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, FetchEnvelopeFromTheHeader) {
  store.add("INBOX", kPlainMessage, kSeen);
  select_inbox();
  EXPECT_EQ(send("a1 FETCH 1 ENVELOPE\r\n"),
            "* 1 FETCH (ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700\" \"IMAP4rev1 WG mtg summary "
            "and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" "
            "NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" "
            "\"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL "
            "\"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL "
            "NIL \"<B27397-0100000@cac.washington.edu>\"))\r\n"
            "a1 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, FetchBodyStructureOfAMultipart) {
  store.add("INBOX", kMultipartMessage, kSeen);
  select_inbox();
  EXPECT_EQ(
      send("a1 FETCH 1 BODYSTRUCTURE\r\n"),
      "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" "
      "17 1 NIL NIL NIL NIL)(\"APPLICATION\" \"PDF\" (\"NAME\" \"r.pdf\") NIL NIL \"BASE64\" "
      "12 NIL (\"ATTACHMENT\" (\"FILENAME\" \"r.pdf\")) NIL NIL) \"MIXED\" (\"BOUNDARY\" "
      "\"b1\") NIL NIL NIL))\r\n"
      "a1 OK FETCH completed\r\n");
  EXPECT_EQ(send("a2 FETCH 1 BODY\r\n"),
            "* 1 FETCH (BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 17 1)"
            "(\"APPLICATION\" \"PDF\" (\"NAME\" \"r.pdf\") NIL NIL \"BASE64\" 12) \"MIXED\"))\r\n"
            "a2 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, FetchBodySectionsAsServerLiterals) {
  store.add("INBOX", kMultipartMessage, kSeen);
  select_inbox();
  EXPECT_EQ(send("a1 FETCH 1 (BODY[1] BODY[2.MIME])\r\n"),
            "* 1 FETCH (BODY[1] {17}\r\nVoici le rapport. BODY[2.MIME] {133}\r\n"
            "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment; filename=\"r.pdf\"\r\n\r\n)\r\n"
            "a1 OK FETCH completed\r\n");
  EXPECT_EQ(send("a2 FETCH 1 BODY.PEEK[HEADER.FIELDS (subject to)]\r\n"),
            "* 1 FETCH (BODY[HEADER.FIELDS (subject to)] {48}\r\n"
            "To: benharraf@gsimaroc.com\r\nSubject: Rapport\r\n\r\n)\r\n"
            "a2 OK FETCH completed\r\n");
  EXPECT_EQ(send("a3 FETCH 1 BODY.PEEK[]<0.4>\r\n"),
            "* 1 FETCH (BODY[]<0> {4}\r\nFrom)\r\na3 OK FETCH completed\r\n");
  // The event log shows the literal by its size, not its octets.
  EXPECT_EQ(of_kind(EventKind::Reply)[of_kind(EventKind::Reply).size() - 2].text,
            "* 1 FETCH (BODY[]<0> {4})");
}

TEST_F(ImapMailboxTest, FetchBodySetsSeenPeekDoesNot) {
  store.add("INBOX", kPlainMessage, kRecent);
  select_inbox();
  const std::size_t header_size = kPlainMessage.find("\r\n\r\n") + 4;
  EXPECT_EQ(send("a1 FETCH 1 BODY.PEEK[HEADER]\r\n"),
            "* 1 FETCH (BODY[HEADER] {" + std::to_string(header_size) + "}\r\n" +
                kPlainMessage.substr(0, header_size) + ")\r\na1 OK FETCH completed\r\n");
  EXPECT_EQ(store.find("INBOX", 1)->summary.flags.system, kRecent);
  const std::string text = kPlainMessage.substr(header_size);
  EXPECT_EQ(send("a2 FETCH 1 BODY[TEXT]\r\n"), "* 1 FETCH (FLAGS (\\Seen \\Recent) BODY[TEXT] {" +
                                                   std::to_string(text.size()) + "}\r\n" + text +
                                                   ")\r\na2 OK FETCH completed\r\n");
  EXPECT_EQ(store.find("INBOX", 1)->summary.flags.system, kRecent | kSeen);
  // Once seen, no FLAGS are added.
  EXPECT_EQ(send("a3 FETCH 1 RFC822.HEADER\r\n"),
            "* 1 FETCH (RFC822.HEADER {" + std::to_string(header_size) + "}\r\n" +
                kPlainMessage.substr(0, header_size) + ")\r\na3 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, Rfc822FormsAndUidFetch) {
  store.add("INBOX", message_with("one"), kSeen);
  store.add("INBOX", message_with("two"), kSeen);
  select_inbox();
  const std::string two = message_with("two");
  EXPECT_EQ(send("a1 UID FETCH 2 RFC822\r\n"), "* 2 FETCH (UID 2 RFC822 {" +
                                                   std::to_string(two.size()) + "}\r\n" + two +
                                                   ")\r\na1 OK UID FETCH completed\r\n");
  EXPECT_EQ(send("a2 UID FETCH 5:* FLAGS\r\n"),
            "* 2 FETCH (UID 2 FLAGS (\\Seen))\r\na2 OK UID FETCH completed\r\n");
  EXPECT_EQ(send("a3 FETCH 1:* RFC822.TEXT\r\n"),
            "* 1 FETCH (RFC822.TEXT {6}\r\ntext\r\n)\r\n* 2 FETCH (RFC822.TEXT {6}\r\ntext\r\n)\r\n"
            "a3 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, SequenceNumbersBeyondTheMailboxAreBad) {
  store.add("INBOX", message_with("one"));
  select_inbox();
  EXPECT_EQ(send("a1 FETCH 2 FLAGS\r\n"), line(ResponseId::BadSequenceNumber, "a1", {}, "2"));
  EXPECT_EQ(send("a2 UID FETCH 99 FLAGS\r\n"), "a2 OK UID FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, StoreFlagsInEveryForm) {
  store.add("INBOX", message_with("one"), 0);
  store.add("INBOX", message_with("two"), kSeen);
  select_inbox();
  EXPECT_EQ(send("a1 STORE 1:2 +FLAGS (\\Flagged work)\r\n"),
            "* 1 FETCH (FLAGS (\\Flagged work))\r\n* 2 FETCH (FLAGS (\\Flagged \\Seen work))\r\n"
            "a1 OK STORE completed\r\n");
  EXPECT_EQ(send("a2 STORE 2 -FLAGS.SILENT (\\Seen)\r\n"), "a2 OK STORE completed\r\n");
  EXPECT_EQ(store.find("INBOX", 2)->summary.flags.system, kFlagged);
  EXPECT_EQ(send("a3 UID STORE 1 FLAGS \\Answered \\Draft\r\n"),
            "* 1 FETCH (UID 1 FLAGS (\\Answered \\Draft))\r\na3 OK UID STORE completed\r\n");
  EXPECT_EQ(send("a4 STORE 1 FLAGS (\\Recent)\r\n"),
            "a4 BAD Syntax: STORE sequence-set [+|-]FLAGS[.SILENT] (flag...)\r\n");
}

TEST_F(ImapMailboxTest, SearchKeys) {
  store.add("INBOX", message_with("Rapport annuel", "Bonjour Ali\r\n"), kSeen, 1780000000);
  store.add("INBOX", message_with("Cours IMAP"), kFlagged | kRecent, 1780100000);
  store.add("INBOX", message_with("Rapport final"), kDeleted, 1780200000);
  select_inbox();
  const auto search = [&](std::string_view keys) {
    return send("s SEARCH " + std::string(keys) + "\r\n");
  };
  EXPECT_EQ(search("ALL"), "* SEARCH 1 2 3\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("SUBJECT rapport"), "* SEARCH 1 3\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("UNSEEN NOT DELETED"), "* SEARCH 2\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("OR FLAGGED DELETED"), "* SEARCH 2 3\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("NEW"), "* SEARCH 2\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("BODY ali"), "* SEARCH 1\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("TEXT \"cours imap\""), "* SEARCH 2\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("FROM b.example 2:3"), "* SEARCH 2 3\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("HEADER Subject final"), "* SEARCH 3\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("SINCE 31-May-2026"), "* SEARCH 3\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("BEFORE 29-May-2026 LARGER 10"), "* SEARCH 1\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(search("TO nobody"), "* SEARCH\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(send("u UID SEARCH UID 2:*\r\n"), "* SEARCH 2 3\r\nu OK UID SEARCH completed\r\n");
  EXPECT_EQ(search("CHARSET ISO-2022-JP ALL"), line(ResponseId::BadCharset, "s"));
  EXPECT_EQ(search("SINCE yesterday"), "s BAD Syntax: SEARCH [CHARSET name] key...\r\n");
}

TEST_F(ImapMailboxTest, SearchTextInALiteralMatchesDecodedHeaders) {
  store.add("INBOX", message_with("=?utf-8?q?caf=C3=A9?= du matin"), kSeen);
  store.add("INBOX", message_with("cafe"), kSeen);
  select_inbox();
  // A UTF-8 search string travels in a literal; the subject is matched as a reader sees it.
  EXPECT_EQ(send("s SEARCH CHARSET UTF-8 SUBJECT {5+}\r\ncaf\xC3\xA9\r\n"),
            "* SEARCH 1\r\ns OK SEARCH completed\r\n");
  EXPECT_EQ(of_kind(EventKind::Command).back().text, "s SEARCH CHARSET UTF-8 SUBJECT {5+}");
}

TEST_F(ImapMailboxTest, CopyNeedsAnExistingTarget) {
  store.add("INBOX", message_with("one"), kSeen);
  select_inbox();
  EXPECT_EQ(send("a1 COPY 1 Archives\r\n"), "a1 OK COPY completed\r\n");
  ASSERT_EQ(store.boxes["Archives"].messages.size(), 1u);
  EXPECT_EQ(store.boxes["Archives"].messages[0].summary.flags.system, kSeen | kRecent);
  EXPECT_EQ(send("a2 UID COPY 1 Projets\r\n"), line(ResponseId::TryCreate, "a2", {}, "Projets"));
  EXPECT_EQ(send("a3 COPY 1 INBOX\r\n"), "* 2 EXISTS\r\n* 1 RECENT\r\na3 OK COPY completed\r\n");
}

TEST_F(ImapMailboxTest, ExpungeRenumbersAsItGoes) {
  for (int i = 1; i <= 6; ++i) store.add("INBOX", message_with("m" + std::to_string(i)), 0);
  select_inbox();
  send("a1 STORE 2,3,5 +FLAGS.SILENT (\\Deleted)\r\n");
  // Messages 2, 3 and 5: after 2 goes, 3 is the new 2; after that, 5 is the new 3.
  EXPECT_EQ(send("a2 EXPUNGE\r\n"),
            "* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* 3 EXPUNGE\r\na2 OK EXPUNGE completed\r\n");
  EXPECT_EQ(send("a3 FETCH 1:* UID\r\n"),
            "* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 4)\r\n* 3 FETCH (UID 6)\r\n"
            "a3 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, NoExpungeResponsesDuringFetchStoreSearch) {
  store.add("INBOX", message_with("one"), 0);
  store.add("INBOX", message_with("two"), 0);
  select_inbox();
  store.remove("INBOX", 1);  // another session expunged message 1
  // FETCH keeps the numbers the client knows, and says some messages are gone.
  EXPECT_EQ(send("a1 FETCH 1:2 (UID BODY.PEEK[HEADER.FIELDS (Subject)])\r\n"),
            "* 2 FETCH (UID 2 BODY[HEADER.FIELDS (Subject)] {16}\r\nSubject: two\r\n\r\n)\r\n" +
                line(ResponseId::ExpungeIssued, "a1"));
  EXPECT_EQ(send("a2 SEARCH ALL\r\n"), "* SEARCH 1 2\r\na2 OK SEARCH completed\r\n");
  // NOOP may tell: now the numbers move.
  EXPECT_EQ(send("a3 NOOP\r\n"), "* 1 EXPUNGE\r\na3 OK NOOP completed\r\n");
  EXPECT_EQ(send("a4 FETCH 1 UID\r\n"), "* 1 FETCH (UID 2)\r\na4 OK FETCH completed\r\n");
}

TEST_F(ImapMailboxTest, NoopReportsNewMailAndFlagChanges) {
  store.add("INBOX", message_with("one"), 0);
  select_inbox();
  store.add("INBOX", message_with("two"));
  store.find("INBOX", 1)->summary.flags.system = kAnswered;
  EXPECT_EQ(
      send("a1 NOOP\r\n"),
      "* 1 FETCH (FLAGS (\\Answered))\r\n* 2 EXISTS\r\n* 1 RECENT\r\na1 OK NOOP completed\r\n");
}

TEST_F(ImapMailboxTest, CloseExpungesSilentlyUnselectDoesNot) {
  store.add("INBOX", message_with("one"), kDeleted);
  store.add("INBOX", message_with("two"), 0);
  select_inbox();
  EXPECT_EQ(send("a1 UNSELECT\r\n"), "a1 OK UNSELECT completed\r\n");
  EXPECT_EQ(store.boxes["INBOX"].messages.size(), 2u);
  send("a2 SELECT INBOX\r\n");
  EXPECT_EQ(send("a3 CLOSE\r\n"), "a3 OK CLOSE completed\r\n");
  EXPECT_EQ(store.boxes["INBOX"].messages.size(), 1u);
  EXPECT_EQ(session->state(), ImapState::Authenticated);
  // EXAMINE then CLOSE removes nothing.
  store.find("INBOX", 2)->summary.flags.system = kDeleted;
  send("a4 EXAMINE INBOX\r\na5 CLOSE\r\n");
  EXPECT_EQ(store.boxes["INBOX"].messages.size(), 1u);
}

TEST_F(ImapMailboxTest, IdleReportsNewMailUntilDone) {
  store.add("INBOX", message_with("one"), kSeen);
  select_inbox();
  EXPECT_EQ(send("a1 IDLE\r\n"), "+ idling\r\n");
  EXPECT_TRUE(session->idling());
  EXPECT_EQ(session->poll().bytes, "");
  store.add("INBOX", message_with("two"));
  EXPECT_EQ(session->poll().bytes, "* 2 EXISTS\r\n* 1 RECENT\r\n");
  store.add("INBOX", message_with("three"));
  store.remove("INBOX", 1);
  // News found on the next receive go out before the answer to DONE.
  EXPECT_EQ(send("DONE\r\n"),
            "* 1 EXPUNGE\r\n* 2 EXISTS\r\n* 2 RECENT\r\na1 OK IDLE terminated\r\n");
  EXPECT_FALSE(session->idling());
  EXPECT_EQ(session->poll().bytes, "");  // outside IDLE, nothing unasked
}

TEST_F(ImapMailboxTest, IdleEndedByAnythingButDoneIsBad) {
  select_inbox();
  send("a1 IDLE\r\n");
  EXPECT_EQ(send("a2 NOOP\r\n"), line(ResponseId::ExpectedDone, "a1"));
  EXPECT_EQ(send("a3 NOOP\r\n"), "a3 OK NOOP completed\r\n");
}

TEST_F(ImapMailboxTest, AppendTakesTheMessageFromALiteral) {
  select_inbox();
  const std::string message = message_with("sent", "draft\r\n");
  const std::string size = std::to_string(message.size());
  EXPECT_EQ(
      send("a1 APPEND Archives (\\Seen $Sent) \" 3-Dec-2026 10:00:00 +0100\" {" + size + "}\r\n"),
      "+ Ready for literal data\r\n");
  EXPECT_EQ(send(message + "\r\n"), "a1 OK APPEND completed\r\n");
  ASSERT_EQ(store.boxes["Archives"].messages.size(), 1u);
  const auto& stored = store.boxes["Archives"].messages[0];
  EXPECT_EQ(stored.content, message);
  EXPECT_EQ(stored.summary.flags.system, kSeen | kRecent);
  EXPECT_EQ(stored.summary.flags.keywords, std::vector<std::string>{"$Sent"});
  EXPECT_EQ(stored.summary.internal_date, 1796288400);
  EXPECT_EQ(stored.summary.internal_date_offset_minutes, 60);
  // Into the selected mailbox, with LITERAL+: the client hears of the new message.
  EXPECT_EQ(send("a2 APPEND INBOX {" + size + "+}\r\n" + message + "\r\n"),
            "* 1 EXISTS\r\n* 1 RECENT\r\na2 OK APPEND completed\r\n");
  // The event shows the message by its size.
  EXPECT_EQ(of_kind(EventKind::Command).back().text, "a2 APPEND INBOX {" + size + "+}");
}

TEST_F(ImapMailboxTest, AppendRefusals) {
  config.max_message = 100;
  login();
  EXPECT_EQ(send("a1 APPEND Projets {5+}\r\nhello\r\n"),
            line(ResponseId::TryCreate, "a1", {}, "Projets"));
  // A message over the limit is refused before the client sends it.
  EXPECT_EQ(send("a2 APPEND INBOX {101}\r\n"), line(ResponseId::LiteralTooBig, "a2", {}, "100"));
  EXPECT_EQ(send("a3 APPEND INBOX \"yesterday\" {5+}\r\nhello\r\n"),
            line(ResponseId::SyntaxError, "a3", {},
                 "APPEND mailbox [(flag...)] [\"dd-Mon-yyyy hh:mm:ss +zzzz\"] {size}"));
  EXPECT_EQ(send("a4 APPEND INBOX hello\r\n"),
            line(ResponseId::SyntaxError, "a4", {},
                 "APPEND mailbox [(flag...)] [\"dd-Mon-yyyy hh:mm:ss +zzzz\"] {size}"));
  EXPECT_TRUE(store.boxes["INBOX"].messages.empty());
}

TEST_F(ImapMailboxTest, IdleWithoutAMailboxWaitsForDone) {
  login();
  EXPECT_EQ(send("a1 IDLE\r\n"), "+ idling\r\n");
  EXPECT_EQ(session->poll().bytes, "");
  EXPECT_EQ(send("done\r\n"), "a1 OK IDLE terminated\r\n");
}

TEST_F(ImapMailboxTest, NestedMessagePartsAndTheirHeaders) {
  store.add("INBOX",
            "Subject: outer\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n"
            "one\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nFrom: "
            "x@y.example\r\n\r\ninner body\r\n--b--\r\n",
            kSeen);
  select_inbox();
  EXPECT_EQ(send("a1 FETCH 1 (BODY[2.HEADER.FIELDS (SUBJECT)] BODY[2.TEXT] BODY[2.1])\r\n"),
            "* 1 FETCH (BODY[2.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: inner\r\n\r\n "
            "BODY[2.TEXT] {10}\r\ninner body BODY[2.1] {10}\r\ninner body)\r\n"
            "a1 OK FETCH completed\r\n");
  const std::string structure = send("a2 FETCH 1 BODYSTRUCTURE\r\n");
  EXPECT_TRUE(has(structure,
                  "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 47 (NIL \"inner\" "
                  "((NIL NIL \"x\" \"y.example\"))"))
      << structure;
}

// RFC 3501 §8, the example session, adapted to this server's texts and mailbox: message 12
// of 18 is a 1996 message about the IMAP working group.
TEST_F(ImapMailboxTest, Rfc3501ExampleSession) {
  for (int i = 1; i <= 18; ++i) {
    if (i == 12) {
      store.add("INBOX", kPlainMessage, kSeen, 837596665);
    } else {
      // 1 to 16 seen, 17 and 18 recent and unseen.
      const std::uint8_t flags = i >= 17 ? std::uint8_t{kRecent} : std::uint8_t{kSeen};
      store.add("INBOX", message_with("m" + std::to_string(i)), flags);
    }
  }
  config.login_over_cleartext = true;
  start();
  EXPECT_TRUE(has(send("a001 login ali sesame\r\n"), "a001 OK"));
  const std::string select = send("a002 select inbox\r\n");
  EXPECT_TRUE(has(select, "* 18 EXISTS\r\n"));
  EXPECT_TRUE(has(select, "* 2 RECENT\r\n"));
  EXPECT_TRUE(has(select, "* OK [UNSEEN 17] First unseen message\r\n"));
  EXPECT_TRUE(has(select, "* OK [UIDVALIDITY 1234] UIDs valid\r\n"));
  EXPECT_TRUE(has(select, "a002 OK [READ-WRITE] SELECT completed\r\n"));
  const std::string body = kPlainMessage.substr(kPlainMessage.find("\r\n\r\n") + 4);
  EXPECT_EQ(send("a003 fetch 12 full\r\n"),
            "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 10:44:25 +0100\" RFC822.SIZE " +
                std::to_string(kPlainMessage.size()) +
                " ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700\" \"IMAP4rev1 WG mtg summary and "
                "minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" "
                "NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" "
                "\"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL "
                "\"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) "
                "NIL NIL \"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" "
                "(\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" " +
                std::to_string(body.size()) +
                " 1))\r\n"
                "a003 OK FETCH completed\r\n");
  const std::size_t header_size = kPlainMessage.size() - body.size();
  EXPECT_EQ(send("a004 fetch 12 body[header]\r\n"),
            "* 12 FETCH (BODY[HEADER] {" + std::to_string(header_size) + "}\r\n" +
                kPlainMessage.substr(0, header_size) + ")\r\na004 OK FETCH completed\r\n");
  EXPECT_EQ(send("a005 store 12 +flags \\deleted\r\n"),
            "* 12 FETCH (FLAGS (\\Deleted \\Seen))\r\na005 OK STORE completed\r\n");
  EXPECT_EQ(send("a006 logout\r\n"),
            "* BYE mail.example IMAP4rev1 server logging out\r\na006 OK LOGOUT completed\r\n");
  EXPECT_TRUE(last.close);
}

}  // namespace
}  // namespace smtplab::protocol::imap::testing
