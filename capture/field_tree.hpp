// A decoded header as a tree of named fields, each with the byte range it occupies in the
// frame, so the GUI's hex view can light up the bytes of whatever field is selected.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace smtplab::capture {

/// One field (or a group of fields) of a decoded frame.
struct FieldNode {
  std::string name;                 ///< "Source port", "TCP", "Options"
  std::string value;                ///< human-readable value ("25 (smtp)"), may be empty
  std::size_t offset = 0;           ///< first byte in the frame
  std::size_t length = 0;           ///< bytes covered
  std::vector<FieldNode> children;  ///< sub-fields, in wire order

  /// Appends a child and returns it (for building nested groups).
  FieldNode& add(std::string child_name, std::string child_value, std::size_t child_offset,
                 std::size_t child_length);
};

/// Renders a tree as indented text, one field per line with its byte range (for tests and
/// the command line).
std::string format_field_tree(const FieldNode& root);

}  // namespace smtplab::capture
