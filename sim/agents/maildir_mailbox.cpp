// Maildir access for readers: the UID file, the scan of new/ and cur/, flag renames.
//
// UID file format (one line each, LF):
//   smtplab-uidlist 1 <uidvalidity> <next uid>
//   <uid> <unique part of the file name>
#include "sim/agents/maildir_mailbox.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <utility>

#include "sim/agents/maildir.hpp"

namespace smtplab::agents {
namespace {

constexpr const char* kUidListMagic = "smtplab-uidlist 1";

std::string sorted_flags(std::string flags) {
  std::sort(flags.begin(), flags.end());
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
  return flags;
}

std::uint32_t fresh_uid_validity() {
  // Seconds since the epoch, as Dovecot does: a new UID file gets a new value.
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

}  // namespace

std::string maildir_unique(const std::string& file_name) {
  return file_name.substr(0, file_name.find(':'));
}

std::string maildir_flags(const std::string& file_name) {
  const auto info = file_name.find(":2,");
  return info == std::string::npos ? std::string{} : file_name.substr(info + 3);
}

bool MaildirMailbox::load_uid_list(std::vector<std::pair<std::uint32_t, std::string>>& entries) {
  std::ifstream in(folder_ / kUidListName);
  if (!in) return false;
  std::string header;
  std::getline(in, header);
  std::istringstream head(header);
  std::string magic_name;
  std::string magic_version;
  std::uint32_t validity = 0;
  std::uint32_t next = 0;
  if (!(head >> magic_name >> magic_version >> validity >> next) ||
      magic_name + " " + magic_version != kUidListMagic || validity == 0 || next == 0)
    return false;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::uint32_t uid = 0;
    std::string unique;
    if (!(row >> uid >> unique) || uid == 0 || uid >= next) return false;
    entries.emplace_back(uid, unique);
  }
  uid_validity_ = validity;
  next_uid_ = next;
  return true;
}

bool MaildirMailbox::save_uid_list(std::error_code& error) const {
  // Written beside the final file, flushed to disk, then renamed over it: a reader (or a
  // crash) sees the old list or the new one, never half of one. The temporary name is
  // unique per process and per write, so two readers of one Maildir never share it.
  static std::atomic<std::uint64_t> writes{0};
  const std::filesystem::path final_path = folder_ / kUidListName;
  const std::filesystem::path temporary =
      folder_ / (std::string(kUidListName) + ".tmp." + std::to_string(::getpid()) + "." +
                 std::to_string(++writes));
  std::string text = std::string(kUidListMagic) + ' ' + std::to_string(uid_validity_) + ' ' +
                     std::to_string(next_uid_) + '\n';
  for (const auto& m : messages_) text += std::to_string(m.uid) + ' ' + m.unique + '\n';
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = std::error_code(errno, std::generic_category());
    return false;
  }
  std::string_view rest = text;
  bool written = true;
  while (written && !rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) rest.remove_prefix(static_cast<std::size_t>(n));
  }
  written = written && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    error = std::error_code(saved_errno, std::generic_category());
    return false;
  }
  std::filesystem::rename(temporary, final_path, error);
  return !error;
}

bool MaildirMailbox::refresh(std::error_code& error) {
  error.clear();
  messages_.clear();
  if (!std::filesystem::is_directory(folder_)) {
    uid_validity_ = 0;
    next_uid_ = 1;
    return true;  // nothing delivered yet: an empty mailbox, nothing to write
  }
  std::vector<std::pair<std::uint32_t, std::string>> entries;
  if (!load_uid_list(entries)) {
    entries.clear();
    uid_validity_ = fresh_uid_validity();
    next_uid_ = 1;
  }
  std::map<std::string, std::uint32_t> uid_of;
  for (const auto& [uid, unique] : entries) uid_of[unique] = uid;

  // What is on disk now.
  struct Found {
    MaildirMessage message;
    std::filesystem::file_time_type time;
  };
  std::vector<Found> found;
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder_ / sub, ec)) {
      if (!entry.is_regular_file(ec)) continue;
      const std::string name = entry.path().filename().string();
      if (name.starts_with('.')) continue;
      Found f;
      f.message.unique = maildir_unique(name);
      f.message.path = entry.path();
      f.message.flags = sorted_flags(maildir_flags(name));
      f.message.size = entry.file_size(ec);
      f.message.in_new = std::string_view(sub) == "new";
      f.time = entry.last_write_time(ec);
      f.message.received = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::file_clock::to_sys(f.time).time_since_epoch())
                               .count();
      found.push_back(std::move(f));
    }
  }
  // New files get UIDs in delivery order (modification time, then name).
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.time == b.time ? a.message.unique < b.message.unique : a.time < b.time;
  });
  bool changed = false;
  std::size_t kept = 0;
  for (auto& f : found) {
    const auto it = uid_of.find(f.message.unique);
    if (it != uid_of.end()) {
      f.message.uid = it->second;
      ++kept;
    } else {
      f.message.uid = next_uid_++;
      changed = true;
    }
    messages_.push_back(std::move(f.message));
  }
  if (kept != entries.size()) changed = true;  // files removed since the last save
  std::sort(messages_.begin(), messages_.end(),
            [](const MaildirMessage& a, const MaildirMessage& b) { return a.uid < b.uid; });
  if (!std::filesystem::exists(folder_ / kUidListName)) changed = true;
  if (changed && !save_uid_list(error)) return false;
  return true;
}

const MaildirMessage* MaildirMailbox::find(std::uint32_t uid) const {
  const auto it =
      std::lower_bound(messages_.begin(), messages_.end(), uid,
                       [](const MaildirMessage& m, std::uint32_t u) { return m.uid < u; });
  return it != messages_.end() && it->uid == uid ? &*it : nullptr;
}

MaildirMessage* MaildirMailbox::find_mutable(std::uint32_t uid) {
  return const_cast<MaildirMessage*>(std::as_const(*this).find(uid));
}

std::optional<std::string> MaildirMailbox::read(std::uint32_t uid) const {
  const MaildirMessage* message = find(uid);
  if (!message) return std::nullopt;
  std::ifstream in(message->path, std::ios::binary);
  if (!in) {
    // Another reader may have renamed it since the scan (new flags): look in cur/.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder_ / "cur", ec)) {
      if (maildir_unique(entry.path().filename().string()) != message->unique) continue;
      in.open(entry.path(), std::ios::binary);
      break;
    }
    if (!in) return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool MaildirMailbox::set_flags(std::uint32_t uid, std::string flags, std::error_code& error) {
  error.clear();
  MaildirMessage* message = find_mutable(uid);
  if (!message) {
    error = std::make_error_code(std::errc::no_such_file_or_directory);
    return false;
  }
  flags = sorted_flags(std::move(flags));
  const std::filesystem::path target = folder_ / "cur" / (message->unique + ":2," + flags);
  if (target == message->path) return true;
  std::filesystem::rename(message->path, target, error);
  if (error) return false;
  message->path = target;
  message->flags = flags;
  message->in_new = false;
  return true;
}

bool MaildirMailbox::mark_seen(std::uint32_t uid, std::error_code& error) {
  const MaildirMessage* message = find(uid);
  if (!message) {
    error = std::make_error_code(std::errc::no_such_file_or_directory);
    return false;
  }
  return set_flags(uid, message->flags + "S", error);
}

bool MaildirMailbox::remove(std::uint32_t uid, std::error_code& error) {
  error.clear();
  const auto it = std::find_if(messages_.begin(), messages_.end(),
                               [uid](const MaildirMessage& m) { return m.uid == uid; });
  if (it == messages_.end()) {
    error = std::make_error_code(std::errc::no_such_file_or_directory);
    return false;
  }
  if (!std::filesystem::remove(it->path, error) || error) {
    if (!error) error = std::make_error_code(std::errc::no_such_file_or_directory);
    return false;
  }
  messages_.erase(it);
  // The UID file forgets it now, so a restart does not see a stale entry.
  return save_uid_list(error);
}

}  // namespace smtplab::agents
