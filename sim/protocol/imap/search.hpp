// SEARCH criteria (RFC 3501 §6.4.4): parsing the keys into a tree (ALL, flags, NEW, OLD,
// RECENT, KEYWORD, FROM/TO/CC/BCC/SUBJECT/HEADER, BODY, TEXT, SINCE/BEFORE/ON and their
// SENT forms, LARGER/SMALLER, UID, sequence sets, NOT, OR, parenthesised groups) and
// matching one message against it. The depth and the number of keys are limited, so a
// hostile SEARCH costs little. Pure: the message's octets come through a callback, asked
// for only when a key needs them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/message/mime.hpp"
#include "sim/protocol/imap/arguments.hpp"
#include "sim/protocol/imap/mail_store.hpp"
#include "sim/protocol/imap/parsed_message.hpp"
#include "sim/protocol/imap/sequence_set.hpp"

namespace smtplab::protocol::imap {

/// One node of a search program.
struct SearchKey {
  enum class Kind {
    All,         ///< every message (also a parenthesised group: all children match)
    FlagSet,     ///< the system flag `flag` is set (SEEN, DELETED...)
    FlagUnset,   ///< the system flag `flag` is not set (UNSEEN, UNDELETED...)
    New,         ///< \Recent and not \Seen
    Keyword,     ///< the keyword `text` is set
    Unkeyword,   ///< the keyword `text` is not set
    Header,      ///< the field `field` contains `text` (FROM, TO, CC, BCC, SUBJECT, HEADER)
    Body,        ///< the body contains `text`
    Text,        ///< the header or the body contains `text`
    Since,       ///< internal date on or after `date`
    Before,      ///< internal date before `date`
    On,          ///< internal date on `date`
    SentSince,   ///< Date: field on or after `date`
    SentBefore,  ///< Date: field before `date`
    SentOn,      ///< Date: field on `date`
    Larger,      ///< RFC822.SIZE above `number`
    Smaller,     ///< RFC822.SIZE below `number`
    Uid,         ///< UID in `set`
    Sequence,    ///< message sequence number in `set`
    Not,         ///< the child does not match
    Or,          ///< either child matches
  };
  Kind kind = Kind::All;
  std::uint8_t flag = 0;
  std::string field;
  std::string text;
  int date = 0;  ///< days as yyyymmdd
  std::uint64_t number = 0;
  std::optional<SequenceSet> set;
  std::vector<SearchKey> children;  ///< All (group), Not (one), Or (two)
};

/// Why a search program was refused.
enum class SearchError { Syntax, TooDeep, TooManyKeys, BadCharset };

/// A parsed program, or why not.
struct SearchProgram {
  std::optional<SearchKey> key;
  SearchError error = SearchError::Syntax;
};

/// Parses "[CHARSET name] key *(SP key)" up to the end of the command.
SearchProgram parse_search(Arguments& args, std::size_t max_depth, std::size_t max_keys);

/// One message as the search sees it.
struct SearchSubject {
  std::uint32_t sequence = 0;  ///< its message sequence number
  std::uint32_t largest_sequence = 0;
  std::uint32_t largest_uid = 0;
  const MessageSummary* summary = nullptr;
  /// The message's octets and MIME tree, parsed on first use; nullptr when unavailable.
  std::function<const ParsedMessage*()> content;
};

/// True when the message matches.
bool search_matches(const SearchKey& key, const SearchSubject& subject);

}  // namespace smtplab::protocol::imap
