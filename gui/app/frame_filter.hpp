// The packet list's display filter: space-separated terms that must all match, over the
// address, port, protocol, SMTP verb and reply code of a frame. Bare terms are guessed
// ("smtp", "25", "10.0.0.1", "MAIL", "550", "5" for every 5xx); "key=value" or
// "key==value" says which (addr, port, proto, verb, code; ip.addr, tcp.port,
// smtp.req.command, smtp.response.code are accepted as Wireshark spells them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/app/capture_model.hpp"

namespace smtplab::app {

class FrameFilter {
 public:
  /// What a term compares.
  enum class Field {
    Address,   ///< source or destination address starts with the value
    Port,      ///< source or destination port equals it
    Protocol,  ///< tcp (any TCP), smtp, tls, ip
    Verb,      ///< the SMTP command the frame carries (case-insensitive)
    Code,      ///< the reply code the frame carries (a prefix: "5" = 5xx, "55" = 55x)
    Any,       ///< a bare number: port or reply code
  };
  struct Term {
    Field field = Field::Any;
    std::string value;
  };

  /// Parses `text`; nullopt with `error` set when a term is not understood.
  static std::optional<FrameFilter> parse(std::string_view text, std::string& error);
  /// True when every term matches (an empty filter matches everything).
  bool matches(const CaptureModel& model, const FrameRow& row) const;
  bool empty() const { return terms_.empty(); }

 private:
  std::vector<Term> terms_;
};

/// Row indices of the frames that pass `filter`.
std::vector<std::uint32_t> filter_frames(const CaptureModel& model, const FrameFilter& filter);

}  // namespace smtplab::app
