// sim/message — RFC 5322 + MIME, sans I/O. This header includes the whole public API and
// is the map of it. Every parser takes bytes and returns values; none does I/O, throws on
// bad input, or loops without bound (they are fuzzed by tests/fuzz/fuzz_mime.cpp).
//
//   header.hpp           parse_header_block(raw) -> fields (raw + unfolded values, byte
//                        offsets) and where the header ended; Headers::find / find_all / get;
//                        fold_field(name, value)
//   mime.hpp             parse_message(raw) -> MimePart tree (content type, charset,
//                        filename, is_attachment, byte ranges, decoded body, notes);
//                        walk(), leaf_parts(), text_content(), decoded_subject()
//   mime_params.hpp      parse_content_type / parse_parameterized (RFC 2231),
//                        parse_transfer_encoding, format_parameter
//   address.hpp          parse_address_list(value) -> {display_name, local_part, domain};
//                        format_address / format_address_list
//   date.hpp             parse_date / format_date, DateTime <-> Unix time,
//                        make_message_id / generate_message_id
//   encoded_word.hpp     decode_encoded_words / decode_header_text / encode_words (RFC 2047)
//   base64.hpp           base64_encode (76-column lines) / base64_decode (lenient)
//   quoted_printable.hpp qp_encode / qp_decode (RFC 2045 §6.7)
//   charset.hpp          to_utf8 for utf-8, iso-8859-1, iso-8859-15, us-ascii, windows-1252
//   builder.hpp          MessageBuilder -> a 7-bit clean CRLF message
//   trace.hpp            format_received / parse_received / format_return_path
//
// Offsets are octet offsets into the raw message given to the parser, so the GUI can
// highlight [offset, offset + length) in its hex and text views.
#pragma once

#include "sim/message/address.hpp"
#include "sim/message/base64.hpp"
#include "sim/message/builder.hpp"
#include "sim/message/charset.hpp"
#include "sim/message/date.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/header.hpp"
#include "sim/message/mime.hpp"
#include "sim/message/mime_params.hpp"
#include "sim/message/quoted_printable.hpp"
#include "sim/message/trace.hpp"
