// libFuzzer harness: two byte streams (client, server) fed straight to the IMAP dissector in
// interleaved pieces, with gaps, as reassembly would (layout: stream_dissector_driver.hpp).
#include <cstdint>

#include "capture/imap_dissector.hpp"
#include "tests/fuzz/stream_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplab::fuzz::feed_stream_dissector<smtplab::capture::ImapDissector>(data, size);
  return 0;
}
