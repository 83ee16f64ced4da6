// The selected mailbox's view and its untagged updates.
#include "sim/protocol/imap/mailbox_view.hpp"

#include <algorithm>
#include <unordered_map>

#include "sim/protocol/imap/flags.hpp"

namespace smtplab::protocol::imap {

MailboxView::MailboxView(std::string name, MailboxSnapshot snapshot, bool read_only)
    : name_(std::move(name)),
      read_only_(read_only || snapshot.read_only),
      uid_validity_(snapshot.uid_validity),
      uid_next_(snapshot.uid_next),
      messages_(std::move(snapshot.messages)) {
  known_uid_ = largest_uid();
}

std::size_t MailboxView::recent() const {
  return static_cast<std::size_t>(std::count_if(
      messages_.begin(), messages_.end(), [](const auto& m) { return m.flags.system & kRecent; }));
}

std::optional<std::size_t> MailboxView::first_unseen() const {
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (!(messages_[i].flags.system & kSeen)) return i + 1;
  }
  return std::nullopt;
}

std::uint32_t MailboxView::largest_uid() const {
  std::uint32_t out = 0;
  for (const auto& m : messages_) out = std::max(out, m.uid);
  return out;
}

std::vector<std::string> MailboxView::update(const MailboxSnapshot& fresh, bool expunges_allowed) {
  std::vector<std::string> out;
  std::unordered_map<std::uint32_t, const MessageSummary*> now;
  for (const auto& m : fresh.messages) now.emplace(m.uid, &m);
  if (expunges_allowed) {
    std::vector<std::size_t> gone;
    for (std::size_t i = 0; i < messages_.size(); ++i) {
      if (!now.count(messages_[i].uid)) gone.push_back(i);
    }
    out = remove(gone);
  }
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    const auto found = now.find(messages_[i].uid);
    if (found == now.end() || found->second->flags == messages_[i].flags) continue;
    messages_[i].flags = found->second->flags;
    out.push_back(std::to_string(i + 1) + " FETCH (FLAGS " + format_flags(messages_[i].flags) +
                  ")");
  }
  bool arrived = false;
  for (const auto& m : fresh.messages) {
    if (m.uid <= known_uid_) continue;
    messages_.push_back(m);
    known_uid_ = m.uid;
    arrived = true;
  }
  uid_next_ = std::max(uid_next_, fresh.uid_next);
  if (arrived) {
    out.push_back(std::to_string(messages_.size()) + " EXISTS");
    out.push_back(std::to_string(recent()) + " RECENT");
  }
  return out;
}

std::vector<std::string> MailboxView::remove(const std::vector<std::size_t>& indexes) {
  std::vector<std::string> out;
  std::size_t removed = 0;
  for (std::size_t index : indexes) {
    // Message index + 1 moved down by one for each message removed before it.
    out.push_back(std::to_string(index + 1 - removed) + " EXPUNGE");
    ++removed;
  }
  std::vector<MessageSummary> kept;
  kept.reserve(messages_.size() - std::min(messages_.size(), indexes.size()));
  std::size_t next = 0;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (next < indexes.size() && indexes[next] == i) {
      ++next;
      continue;
    }
    kept.push_back(std::move(messages_[i]));
  }
  messages_ = std::move(kept);
  return out;
}

}  // namespace smtplab::protocol::imap
