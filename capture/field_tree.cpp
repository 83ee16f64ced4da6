// Field tree building and text rendering.
#include "capture/field_tree.hpp"

namespace smtplab::capture {
namespace {

void format_node(const FieldNode& node, int depth, std::string& out) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += node.name;
  if (!node.value.empty()) {
    out += ": ";
    out += node.value;
  }
  out += " [" + std::to_string(node.offset) + ", +" + std::to_string(node.length) + "]\n";
  for (const auto& child : node.children) format_node(child, depth + 1, out);
}

}  // namespace

FieldNode& FieldNode::add(std::string child_name, std::string child_value, std::size_t child_offset,
                          std::size_t child_length) {
  children.push_back(
      FieldNode{std::move(child_name), std::move(child_value), child_offset, child_length, {}});
  return children.back();
}

std::string format_field_tree(const FieldNode& root) {
  std::string out;
  format_node(root, 0, out);
  return out;
}

}  // namespace smtplab::capture
