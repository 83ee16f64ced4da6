// md4c callbacks → MarkdownDoc blocks (see markdown_doc.hpp).
#include "gui/app/model/markdown_doc.hpp"

#include <md4c.h>

namespace smtplab::app {
namespace {

struct ListFrame {
  bool ordered = false;
  int next = 1;
};

/// What the parser callbacks are inside of.
struct Builder {
  MarkdownDoc doc;
  std::vector<ListFrame> lists;
  int quote_depth = 0;
  int strong = 0;
  int emphasis = 0;
  int code = 0;
  std::vector<std::string> links;
  bool in_block = false;

  MarkdownBlock& open(MarkdownBlock::Kind kind, int level = 0, int number = 0) {
    doc.blocks.push_back({kind, level, number, {}});
    in_block = true;
    return doc.blocks.back();
  }
  void text(std::string_view chunk) {
    if (doc.blocks.empty() || !in_block) {
      // Text straight inside a list item (tight lists have no paragraph block).
      open(MarkdownBlock::Kind::Paragraph);
    }
    auto& spans = doc.blocks.back().spans;
    MarkdownSpan style{{}, strong > 0, emphasis > 0, code > 0, links.empty() ? "" : links.back()};
    if (!spans.empty() && spans.back().strong == style.strong &&
        spans.back().emphasis == style.emphasis && spans.back().code == style.code &&
        spans.back().link == style.link) {
      spans.back().text.append(chunk);
    } else {
      style.text.assign(chunk);
      spans.push_back(std::move(style));
    }
  }
};

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  auto& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_BLOCK_H:
      b.open(MarkdownBlock::Kind::Heading,
             static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level));
      break;
    case MD_BLOCK_P:
      if (!b.lists.empty() && !b.doc.blocks.empty() && b.in_block &&
          b.doc.blocks.back().kind == MarkdownBlock::Kind::ListItem &&
          b.doc.blocks.back().spans.empty()) {
        break;  // the item's first paragraph: keep writing into the item
      }
      b.open(b.quote_depth > 0 ? MarkdownBlock::Kind::Quote : MarkdownBlock::Kind::Paragraph,
             static_cast<int>(b.lists.size()));
      break;
    case MD_BLOCK_UL:
      b.lists.push_back({false, 0});
      break;
    case MD_BLOCK_OL:
      b.lists.push_back({true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
      break;
    case MD_BLOCK_LI: {
      int number = 0;
      if (!b.lists.empty() && b.lists.back().ordered) number = b.lists.back().next++;
      b.open(MarkdownBlock::Kind::ListItem, static_cast<int>(b.lists.size()), number);
      break;
    }
    case MD_BLOCK_CODE:
      b.open(MarkdownBlock::Kind::Code);
      break;
    case MD_BLOCK_QUOTE:
      ++b.quote_depth;
      break;
    case MD_BLOCK_HR:
      b.open(MarkdownBlock::Kind::Rule);
      break;
    default:
      break;
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* user) {
  auto& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (!b.lists.empty()) b.lists.pop_back();
      b.in_block = false;
      break;
    case MD_BLOCK_QUOTE:
      --b.quote_depth;
      break;
    case MD_BLOCK_H:
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
    case MD_BLOCK_LI:
    case MD_BLOCK_HR:
      b.in_block = false;
      break;
    default:
      break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
  auto& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_SPAN_STRONG:
      ++b.strong;
      break;
    case MD_SPAN_EM:
      ++b.emphasis;
      break;
    case MD_SPAN_CODE:
      ++b.code;
      break;
    case MD_SPAN_A: {
      const auto& href = static_cast<MD_SPAN_A_DETAIL*>(detail)->href;
      b.links.emplace_back(href.text, href.size);
      break;
    }
    default:
      break;
  }
  return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* user) {
  auto& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_SPAN_STRONG:
      --b.strong;
      break;
    case MD_SPAN_EM:
      --b.emphasis;
      break;
    case MD_SPAN_CODE:
      --b.code;
      break;
    case MD_SPAN_A:
      if (!b.links.empty()) b.links.pop_back();
      break;
    default:
      break;
  }
  return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
  auto& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_TEXT_BR:
      b.text("\n");
      break;
    case MD_TEXT_SOFTBR:
      b.text(" ");
      break;
    case MD_TEXT_NULLCHAR:
      break;
    default:
      b.text(std::string_view(text, size));
      break;
  }
  return 0;
}

}  // namespace

MarkdownDoc parse_markdown(std::string_view text) {
  Builder builder;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_NOHTML;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = on_text;
  md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &builder);
  // Code blocks end with a newline; drawing them verbatim would add an empty line.
  for (auto& block : builder.doc.blocks) {
    if (block.kind == MarkdownBlock::Kind::Code && !block.spans.empty()) {
      auto& last = block.spans.back().text;
      while (!last.empty() && last.back() == '\n') last.pop_back();
    }
  }
  return std::move(builder.doc);
}

}  // namespace smtplab::app
