// The description of a scenario: the topology it runs on and the steps it plays (narration,
// console, messages, raw client dialogues, faults, clock, waits, quizzes, checkpoints).
// Plain data read from a scenario file (docs/scenario-format.md) by scenario_loader; the
// lab runtime plays the steps and evaluates the checkpoint conditions against the timeline
// and the mailboxes. Every step and condition keeps the place it was written, so a runner
// can report "file:line: checkpoint 2.3 failed: ...".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {

/// Where something was written: file as opened, 1-based line and column.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// A reply code pattern: three characters, each a digit or 'x' ("250", "5xx", "55x").
struct ReplyPattern {
  std::string pattern;  ///< always three characters
  /// True when `code` (e.g. 503) matches the pattern.
  bool matches(int code) const {
    if (pattern.size() != 3 || code < 100 || code > 999) return false;
    const std::string digits = std::to_string(code);
    for (std::size_t i = 0; i < 3; ++i) {
      if (pattern[i] != 'x' && pattern[i] != digits[i]) return false;
    }
    return true;
  }
};

// ---------------------------------------------------------------------------------------
// [SECTION] Messages and raw dialogues
// ---------------------------------------------------------------------------------------

/// A file attached to a message sent by a MUA: inline content or a file beside the scenario.
struct AttachmentSpec {
  std::string name;          ///< file name shown in Content-Disposition
  std::string content_type;  ///< empty = guessed from the name (text/plain for .txt ...)
  std::string content;       ///< inline content, when `file` is empty
  std::string file;          ///< path resolved against the scenario file's folder
};

/// Envelope choices that differ from what the MUA would derive from the headers.
struct EnvelopeSpec {
  std::optional<std::string> mail_from;  ///< reverse-path without <>; "" = null sender
  std::vector<std::string> rcpt_to;      ///< empty = To + Cc + Bcc
  std::string mail_params;               ///< appended to MAIL FROM ("SIZE=25000000 RET=HDRS")
  std::string rcpt_params;               ///< appended to every RCPT TO ("NOTIFY=SUCCESS")
};

/// What a send step or a client line expects back; empty = anything.
using ReplyExpectation = std::vector<ReplyPattern>;

/// One line (or batch) of a raw client dialogue, in the OpenSMTPD regress style.
struct ClientLineSpec {
  /// What the line does.
  enum class Kind {
    Send,      ///< write `lines` in one segment (one line normally, several = pipelined)
    Data,      ///< write `text` as message content: dot-stuffed, CRLF, then "."
    RawData,   ///< write `text` line by line with CRLF, no stuffing, no final dot
    StartTls,  ///< perform the TLS handshake (after a 220 to STARTTLS)
    Expect,    ///< only read a reply (the banner)
  };
  Kind kind = Kind::Send;
  std::vector<std::string> lines;        ///< Send: the command lines (without CRLF)
  std::string text;                      ///< Data/RawData: the content, lines split on \n
  std::vector<ReplyExpectation> expect;  ///< one expectation per reply awaited
  SourceLocation origin;
};

// ---------------------------------------------------------------------------------------
// [SECTION] Steps
// ---------------------------------------------------------------------------------------

/// Which part of the lesson the following steps belong to.
enum class SectionKind {
  Intro,          ///< before the demonstration
  Demonstration,  ///< the lecturer's live steps
  Lab,            ///< the student's hands-on lab (checkpoints)
  Quiz,           ///< the chapter's quiz
};

/// Marks the start of a part of the lesson.
struct SectionStep {
  SectionKind kind = SectionKind::Intro;
  LocalizedText title;  ///< optional heading
};

/// Narration shown to the audience.
struct SayStep {
  LocalizedText text;
};

/// The student (or lecturer) types in the lab console, connected to a node.
struct ConsoleStep {
  std::string to;             ///< node id of the server
  std::string from;           ///< node id whose address the console binds (empty = lab's)
  std::string port = "smtp";  ///< "smtp", "submission" or "smtps"
  LocalizedText prompt;       ///< what to do
  ReplyExpectation expect;    ///< codes the session must have received to move on
};

/// A MUA composes and submits a message.
struct SendStep {
  std::string mua;               ///< node id of a Mua node
  std::string from;              ///< From: address (default: the MUA's user)
  std::vector<std::string> to;   ///< To: addresses
  std::vector<std::string> cc;   ///< Cc: addresses
  std::vector<std::string> bcc;  ///< envelope-only recipients
  std::string subject;
  std::string body;
  std::vector<AttachmentSpec> attachments;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers, in order
  EnvelopeSpec envelope;
  ReplyExpectation expect;  ///< reply to the final dot at the MSA (empty = any)
};

/// A scripted client speaks raw SMTP to a node.
struct ClientStep {
  std::string to;             ///< node id of the server
  std::string from;           ///< node id whose address the client binds (empty = lab's)
  std::string port = "smtp";  ///< "smtp", "submission" or "smtps" (implicit TLS)
  bool expect_banner = true;  ///< read the greeting first (expected 220)
  std::vector<ClientLineSpec> lines;
  bool quit = false;  ///< send QUIT (expect 221) after the lines
};

/// How a broken DNS answers.
enum class DnsFaultMode {
  ServFail,  ///< temporary failure: messages wait in the queue
  NxDomain,  ///< the domain does not exist: permanent failure
  Timeout,   ///< no answer at all (temporary)
};

/// Inject or clear a fault.
struct FaultStep {
  bool inject = true;  ///< false = clear
  FaultKind kind = FaultKind::Refuse;
  std::string node;               ///< target node id (all kinds but MailboxFull, Dns, All)
  std::string verb;               ///< Reply: the command ("RCPT")
  int code = 0;                   ///< Reply: the code (450)
  std::string text;               ///< Reply: text after the code
  std::uint32_t times = 0;        ///< Reply: how many times, 0 = until cleared
  std::uint32_t delay_ms = 0;     ///< Delay
  std::uint64_t after_bytes = 0;  ///< DropData
  std::string mailbox;            ///< MailboxFull: the address
  std::string domain;             ///< Dns: the name whose lookups fail
  DnsFaultMode dns_mode = DnsFaultMode::ServFail;
};

/// What an administrator does to a node while the lab runs: one "name = value" line
/// appended to its main.cf (the node reads it again), as `postconf -e` then a reload.
struct PostconfStep {
  std::string node;  ///< a server node
  std::string set;   ///< "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination"
};

/// Move the simulated clock, or change its speed.
struct ClockStep {
  std::optional<std::uint64_t> advance;  ///< simulated seconds to jump forward
  std::optional<double> speed;           ///< new simulated seconds per real second
};

/// Event kinds a wait step or a condition can name (a subset of the timeline's).
enum class EventKind {
  SessionOpened,  ///< a TCP/SMTP session opened
  SessionClosed,  ///< a session ended
  ConnectFailed,  ///< a connection attempt failed (refused, timeout)
  Command,        ///< a client command
  Reply,          ///< a server reply
  Queued,         ///< a node took responsibility for a message
  Deferred,       ///< a delivery attempt failed temporarily
  Delivered,      ///< a message reached a mailbox
  Bounced,        ///< a node generated a DSN
  DnsQuery,       ///< the resolver answered a query
  Rewrite,        ///< an address was rewritten
  Policy,         ///< a policy decision (relay, SPF, DKIM, DMARC)
  Fault,          ///< a fault was injected or cleared
};

/// Filters on an event; unset fields match anything.
struct EventFilter {
  std::string node;                  ///< node id where it happened (server side)
  std::string from_node;             ///< node id of the client side
  std::string mailbox;               ///< address of the mailbox / recipient
  std::string subject;               ///< the message's decoded Subject
  std::string verb;                  ///< command verb
  std::optional<ReplyPattern> code;  ///< reply code
};

/// Wait until an event happens, or fail after `timeout` simulated seconds.
struct WaitStep {
  EventKind event = EventKind::Delivered;
  EventFilter where;
  std::uint64_t timeout = 60;  ///< simulated seconds
};

/// A quiz question. A choice question has at least three choices, each with its own
/// feedback (why it is right or wrong, with the RFC section), shown to whoever picks it: a
/// wrong answer teaches something and can be retried; the score is the first try.
struct QuizStep {
  /// How the question is answered.
  enum class Kind {
    Single,    ///< one choice among `choices`
    Multiple,  ///< a set of choices
    Free,      ///< typed text compared with `accept`
  };
  std::string id;  ///< "q1"..; unique in the scenario
  Kind kind = Kind::Single;
  LocalizedText ask;
  std::vector<LocalizedText> choices;   ///< Single/Multiple
  std::vector<LocalizedText> feedback;  ///< Single/Multiple: one per choice, same order
  std::vector<int> answers;             ///< 1-based indexes into choices
  std::vector<std::string> accept;      ///< Free: accepted forms (trimmed, case-insensitive)
  LocalizedText explain;                ///< shown once answered right (the lesson's answer)
  LocalizedText right;                  ///< Free: feedback for a right answer
  LocalizedText wrong;  ///< Free: feedback for a wrong answer (a hint, not the answer)
};

// ---------------------------------------------------------------------------------------
// [SECTION] Checkpoint conditions
// ---------------------------------------------------------------------------------------

/// Which messages of a mailbox a condition looks at.
struct MessageSelector {
  std::string mailbox;  ///< the address whose Maildir is read
  std::string subject;  ///< decoded Subject equals this (empty = any)
  bool last = false;    ///< only the most recent matching message
};

/// "a message to X (with N RCPT in its transaction) was delivered".
struct DeliveredCondition {
  std::string to;                        ///< recipient address
  std::string subject;                   ///< decoded Subject (empty = any)
  std::optional<std::string> mail_from;  ///< envelope sender; "" = null sender
  std::optional<int> rcpt_count;         ///< accepted RCPT in the transaction that carried it
  std::optional<int> sessions;           ///< SMTP sessions the message went through
  std::vector<std::string> via;          ///< node ids it went through, in order (empty = any)
  std::string rcpt_contains;  ///< the transaction that brought it had a RCPT containing this
};

/// "the client received CODE (to VERB)".
struct ReplyCondition {
  ReplyPattern code;
  std::string enhanced;    ///< enhanced status code ("5.7.1"), empty = any
  std::string verb;        ///< empty = any command (a banner has verb ""); "." = end of DATA
  std::string node;        ///< server node id (empty = any)
  std::string port;        ///< "smtp"/"submission"/"smtps" (empty = any)
  bool multiline = false;  ///< the reply had several lines
};

/// One element of an ordered dialogue pattern.
struct DialogueMatch {
  std::string verb;  ///< command verb, "" for the banner, "." for the message (end of DATA)
  std::optional<ReplyPattern> code;  ///< its reply
  bool argument = false;             ///< the command had a non-empty argument
  std::string contains;              ///< the command line contains this text
  bool same_segment = false;         ///< sent in the same TCP segment as the previous one
};

/// "one session contains these commands/replies, in this order".
struct DialogueCondition {
  std::string node;                         ///< server node id (empty = any)
  std::vector<DialogueMatch> sequence;      ///< in order, other lines may come between
  std::vector<std::string> absent_between;  ///< verbs that must not occur within the sequence
  bool cleartext = true;                    ///< false: the sequence may be inside TLS
};

/// "a DSN reached X".
struct DsnCondition {
  std::string to;       ///< mailbox that received it
  std::string about;    ///< the failed/delayed recipient (empty = any)
  std::string action;   ///< failed, delayed, delivered, relayed, expanded (empty = any)
  std::string status;   ///< enhanced status prefix ("5.1.1", "4.") (empty = any)
  std::string subject;  ///< Subject of the original message (empty = any)
};

/// "mailbox X has N messages" (optionally only those with a subject).
struct MailboxCondition {
  MessageSelector select;
  std::optional<int> count;  ///< exactly
  std::optional<int> at_least;
};

/// A check on a header of the selected message.
struct HeaderCheck {
  std::string name;                         ///< header field name
  std::optional<std::string> contains;      ///< raw value contains
  std::optional<std::string> not_contains;  ///< raw value does not contain
  std::optional<std::string> equals;        ///< raw value (unfolded, trimmed) equals
  std::optional<std::string> decoded;       ///< RFC 2047 decoded value equals
  bool ascii = false;                       ///< raw value is all ASCII
  bool absent = false;                      ///< the field is not there
};

/// A check on the body (or the MIME structure) of the selected message.
struct BodyCheck {
  std::optional<std::vector<std::string>> lines;  ///< exactly these lines
  std::optional<std::string> contains_line;       ///< some line equals this
  std::optional<std::string> starts_with;         ///< first body line equals this
  std::optional<std::string> decoded;             ///< after transfer decoding, equals
  std::optional<int> line_count;  ///< the body has this many lines (trailing empty ones aside)
  bool ascii = false;             ///< the raw body is all ASCII
  std::string mime_type;          ///< top-level Content-Type (empty = any)
  std::vector<std::string> part_types;  ///< leaf parts include these types
  std::string attachment;               ///< a part with this attachment filename
  std::string attachment_file;          ///< ... whose decoded content equals this file
};

/// "header H of the last message in mailbox X contains T", and checks on its body.
struct MessageCondition {
  MessageSelector select;
  std::vector<HeaderCheck> headers;
  std::optional<BodyCheck> body;
  std::optional<std::string> return_path;  ///< Return-Path address (without <>)
};

/// "queue of node N is empty / has N (in a state)".
struct QueueCondition {
  std::string node;
  std::optional<int> count;         ///< messages in the queue
  std::string subject;              ///< only this message
  std::string state;                ///< "deferred", "active" (empty = any)
  std::optional<int> min_attempts;  ///< failed attempts recorded
};

/// "there were N sessions / connection attempts to (or from) a node".
struct SessionCondition {
  std::string to;       ///< server node id
  std::string from;     ///< client node id (empty = any)
  bool failed = false;  ///< count failed connection attempts instead
  std::string subject;  ///< sessions that carried this message
  std::optional<int> count;
  std::optional<int> at_least;
};

/// "the delivery attempts of a message were ...".
struct AttemptsCondition {
  std::string subject;
  std::string to;  ///< recipient (empty = any)
  std::optional<int> count;
  std::optional<int> at_least;
  std::string last;   ///< outcome of the last: "delivered", "deferred", "failed"
  std::string first;  ///< outcome of the first (history: "it waited" stays true once retried)
};

/// "a DNS query was answered".
struct DnsQueryCondition {
  std::string name;
  std::string type = "MX";    ///< MX, A, TXT, PTR
  std::string from;           ///< node id that asked (empty = any)
  std::optional<bool> empty;  ///< the answer had no record
};

/// "a rewrite produced this address".
struct RewriteCondition {
  std::string node;
  std::string before;  ///< empty = any
  std::string after;
};

/// Answers that come from what really happened, not from the file.
enum class ComputedAnswer {
  None,              ///< the accepted forms are in `accept`
  ClientAddress,     ///< the client address of the session to `node` that carried `subject`
  PathNodes,         ///< the node ids the `subject` message went through, comma separated
  HandshakeFrames,   ///< frame numbers of SYN, SYN-ACK, ACK of the `subject` session
  MailFromSegment,   ///< "seq,length" of the MAIL FROM segment of the `subject` session
  FirstFin,          ///< address that sent the first FIN in the `subject` session
  CaptureSessions,   ///< number of SMTP sessions in `capture`
  CaptureClearUser,  ///< user that authenticated in clear in `capture`
  CaptureSmuggling,  ///< session number holding a smuggling attempt in `capture`
};

/// "the answer typed in the console is one of ...".
struct AnswerCondition {
  LocalizedText ask;                ///< the question asked in the console
  std::vector<std::string> accept;  ///< accepted forms (trimmed, case-insensitive)
  ComputedAnswer computed = ComputedAnswer::None;
  std::string subject;  ///< Computed: which message
  std::string node;     ///< Computed: which node
  std::string capture;  ///< Capture*: the capture file, relative to the scenario
};

/// One condition of a checkpoint; all of a checkpoint's conditions must hold.
struct ConditionSpec {
  std::variant<DeliveredCondition, ReplyCondition, DialogueCondition, DsnCondition,
               MailboxCondition, MessageCondition, QueueCondition, SessionCondition,
               AttemptsCondition, DnsQueryCondition, RewriteCondition, AnswerCondition>
      check;
  bool negate = false;  ///< `not:` the condition must fail
  SourceLocation origin;
};

/// A hint shown after some failed tries.
struct HintSpec {
  int after = 1;  ///< failed tries before it is shown
  LocalizedText text;
};

/// An action a headless run can play; used by checkpoint solutions.
struct ActionSpec {
  std::variant<SendStep, ClientStep, FaultStep, ClockStep, WaitStep, PostconfStep> action;
  SourceLocation origin;
};

/// A lab checkpoint, numbered as in the lesson.
struct CheckpointStep {
  std::string id;  ///< "2.3", matches "### Checkpoint 2.3 — ..."
  LocalizedText title;
  LocalizedText task;                     ///< what the student does (optional)
  std::vector<ConditionSpec> conditions;  ///< all must hold
  std::vector<HintSpec> hints;
  std::vector<ActionSpec> solution;  ///< what a headless run does to pass it
  std::vector<std::string> answers;  ///< typed answers for the solution (one per answer condition)
};

/// One step of a scenario.
struct StepSpec {
  std::variant<SectionStep, SayStep, ConsoleStep, SendStep, ClientStep, FaultStep, ClockStep,
               WaitStep, QuizStep, CheckpointStep, PostconfStep>
      step;
  SourceLocation origin;
};

/// A whole scenario file.
struct ScenarioSpec {
  std::string id;  ///< `scenario:` key, e.g. "02-first-session"
  LocalizedText title;
  LocalizedText text;  ///< introduction (optional)
  std::string lesson;  ///< lesson file stem, e.g. "02-first-session"
  TopologySpec topology;
  std::vector<StepSpec> steps;
  SourceLocation origin;  ///< the file itself
};

}  // namespace smtplab::lab
