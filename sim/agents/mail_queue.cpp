// The spool: one JSON file per entry, written with the tmp -> fsync -> rename sequence.
#include "sim/agents/mail_queue.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "sim/message/base64.hpp"

namespace smtplab::agents {
namespace {

const char* state_name(RecipientState s) {
  switch (s) {
    case RecipientState::Pending:
      return "pending";
    case RecipientState::Delivered:
      return "delivered";
    case RecipientState::Failed:
      return "failed";
  }
  return "pending";
}

RecipientState state_from(const std::string& s) {
  if (s == "delivered") return RecipientState::Delivered;
  if (s == "failed") return RecipientState::Failed;
  return RecipientState::Pending;
}

nlohmann::json to_json(const QueueEntry& e) {
  nlohmann::json j;
  j["id"] = e.id;
  j["reverse_path"] = e.reverse_path;
  j["created"] = e.created;
  j["next_attempt"] = e.next_attempt;
  j["attempts"] = e.attempts;
  j["last_error"] = english_text(e.problem);  // what earlier spools and readers know
  j["problem"] = {{"kind", kind_name(e.problem.kind)},
                  {"subject", e.problem.subject},
                  {"detail", e.problem.detail}};
  // Base64: a message may carry any octets (8BITMIME, BINARYMIME), JSON only UTF-8.
  j["content_base64"] = message::base64_encode(e.content, 0);
  j["delay_warned"] = e.delay_warned;
  auto& rcpts = j["recipients"] = nlohmann::json::array();
  for (const auto& r : e.recipients) {
    rcpts.push_back({{"address", r.address},
                     {"state", state_name(r.state)},
                     {"last_reply", r.last_reply},
                     {"parameters", r.parameters}});
  }
  return j;
}

QueueEntry from_json(const nlohmann::json& j) {
  QueueEntry e;
  e.id = j.at("id").get<std::string>();
  e.reverse_path = j.at("reverse_path").get<std::string>();
  e.created = j.value("created", 0.0);
  e.next_attempt = j.value("next_attempt", 0.0);
  e.attempts = j.value("attempts", 0u);
  if (const auto problem = j.find("problem"); problem != j.end() && problem->is_object()) {
    e.problem = {kind_from_name(problem->value("kind", "other")), problem->value("subject", ""),
                 problem->value("detail", "")};
  } else if (const std::string text = j.value("last_error", ""); !text.empty()) {
    e.problem = {DeliveryProblem::Kind::Other, "", text};  // a spool written before the kinds
  }
  e.content = message::base64_decode(j.at("content_base64").get<std::string>());
  e.delay_warned = j.value("delay_warned", false);
  for (const auto& r : j.at("recipients")) {
    e.recipients.push_back({r.at("address").get<std::string>(),
                            state_from(r.value("state", "pending")), r.value("last_reply", ""),
                            r.value("parameters", "")});
  }
  return e;
}

bool has_pending(const QueueEntry& e) {
  return std::any_of(e.recipients.begin(), e.recipients.end(),
                     [](const QueuedRecipient& r) { return r.state == RecipientState::Pending; });
}

}  // namespace

std::vector<std::string> QueueEntry::pending() const {
  std::vector<std::string> out;
  for (const auto& r : recipients) {
    if (r.state == RecipientState::Pending) out.push_back(r.address);
  }
  return out;
}

MailQueue::MailQueue(std::filesystem::path directory) : directory_(std::move(directory)) {
  std::filesystem::create_directories(directory_);
  for (const auto& file : std::filesystem::directory_iterator(directory_)) {
    if (file.path().extension() != ".json") continue;  // a leftover .tmp is an unacknowledged write
    std::ifstream in(file.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    try {
      QueueEntry entry = from_json(nlohmann::json::parse(text.str()));
      if (has_pending(entry)) entries_.push_back(std::move(entry));
    } catch (const std::exception&) {
      // An unreadable entry is kept aside for a human, never silently dropped.
      std::filesystem::rename(file.path(), file.path().string() + ".corrupt");
    }
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const QueueEntry& a, const QueueEntry& b) { return a.created < b.created; });
}

void MailQueue::write(const QueueEntry& entry) const {
  const std::string text = to_json(entry).dump();
  const std::filesystem::path final_path = directory_ / (entry.id + ".json");
  const std::filesystem::path tmp = directory_ / (entry.id + ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), tmp.string());
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      throw std::system_error(saved, std::generic_category(), tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int saved = errno;
    ::close(fd);
    throw std::system_error(saved, std::generic_category(), tmp.string());
  }
  ::close(fd);
  std::filesystem::rename(tmp, final_path);
  const int dir = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::string MailQueue::enqueue(QueueEntry entry) {
  std::string id = add_entry(std::move(entry));
  if (on_change_) on_change_();
  return id;
}

std::string MailQueue::add_entry(QueueEntry entry) {
  std::lock_guard lock(mutex_);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::ostringstream id;
  id << std::hex << std::uppercase << micros << "." << ::getpid() << "." << ++sequence_;
  entry.id = id.str();
  write(entry);
  entries_.push_back(entry);
  return entry.id;
}

void MailQueue::update(const QueueEntry& entry) {
  replace_entry(entry);
  if (on_change_) on_change_();
}

void MailQueue::replace_entry(const QueueEntry& entry) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const QueueEntry& e) { return e.id == entry.id; });
  if (it == entries_.end()) return;
  if (!has_pending(entry)) {
    erase(entry.id);
    entries_.erase(it);
    return;
  }
  write(entry);
  *it = entry;
}

void MailQueue::erase(const std::string& id) {
  std::error_code ignored;
  std::filesystem::remove(directory_ / (id + ".json"), ignored);
}

std::vector<QueueEntry> MailQueue::due(double now) const {
  std::lock_guard lock(mutex_);
  std::vector<QueueEntry> out;
  for (const auto& e : entries_) {
    if (e.next_attempt <= now && has_pending(e)) out.push_back(e);
  }
  return out;
}

std::optional<double> MailQueue::next_due() const {
  std::lock_guard lock(mutex_);
  std::optional<double> best;
  for (const auto& e : entries_) {
    if (has_pending(e) && (!best || e.next_attempt < *best)) best = e.next_attempt;
  }
  return best;
}

std::vector<QueueEntry> MailQueue::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

std::size_t MailQueue::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace smtplab::agents
