// The anomalies the header and MIME parsers find in a message, as data: each kind has a
// stable identity (MimeAnomaly) and the values it is about, never prose. Whoever shows them
// says them in its own language: capture/note_catalogue.cpp has the English and French
// texts (the English one is what these notes always said), the window and `smtplab analyze`
// render from there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smtplab::message {

/// Every kind of header or MIME anomaly; the values each one takes are listed as {n}.
enum class MimeAnomaly : std::uint8_t {
  // The header section (HeaderBlock::notes)
  HeaderStartsWithContinuation,  ///< the first line is a continuation line (ignored)
  MboxFromLine,                  ///< an mbox "From " line before the header (skipped)
  NoEmptyLineBeforeBody,         ///< {1} the offset of the line that starts the body
  // The MIME tree (MimePart::notes)
  MultipartWithoutBoundary,  ///< multipart/* without a usable boundary: kept as a leaf
  BoundaryNeverFound,        ///< {1} the boundary, never found: kept as a leaf
  ClosingBoundaryMissing,    ///< {1} the boundary whose closing delimiter is missing
  TooManyParts,              ///< over MimeLimits::max_parts: the rest is not parsed
  InvalidContentType,        ///< {1} the Content-Type value: text/plain assumed
  UnknownTransferEncoding,   ///< {1} the Content-Transfer-Encoding value: body not decoded
  NestingTooDeep,            ///< {1} MimeLimits::max_depth: not parsed further
  EncodedMessagePart,        ///< {1} the encoding of a message/rfc822 part (RFC 2046 §5.2.1)
};

/// One anomaly and the values of its placeholders ({1} first), as found in the message.
struct MimeNote {
  MimeAnomaly anomaly{};
  std::vector<std::string> values;

  bool operator==(const MimeNote&) const = default;
};

}  // namespace smtplab::message
