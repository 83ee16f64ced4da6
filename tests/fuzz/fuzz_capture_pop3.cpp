// libFuzzer harness: two byte streams (client, server) fed straight to the POP3 dissector in
// interleaved pieces, with gaps, as reassembly would (layout: stream_dissector_driver.hpp).
#include <cstdint>

#include "capture/pop3_dissector.hpp"
#include "tests/fuzz/stream_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smtplab::fuzz::feed_stream_dissector<smtplab::capture::Pop3Dissector>(data, size);
  return 0;
}
