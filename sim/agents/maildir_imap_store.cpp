// The IMAP MailStore over Maildirs: flag letters, Maildir++ folders, \Recent per session.
#include "sim/agents/maildir_imap_store.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>

#include "sim/agents/maildir.hpp"

namespace smtplab::agents {
namespace {

using protocol::imap::MailboxName;
using protocol::imap::MailboxSnapshot;
using protocol::imap::MessageFlags;
using protocol::imap::StoreResult;
namespace imap = protocol::imap;

/// Every IMAP session of the process takes it before touching a Maildir: two sessions
/// giving UIDs to the same new file at once would otherwise race on the UID file.
std::mutex& maildir_lock() {
  static std::mutex lock;
  return lock;
}

struct LetterFlag {
  char letter;
  std::uint8_t flag;
};
// The Maildir convention's letters for the IMAP system flags (\Recent has none: it is new/).
constexpr LetterFlag kLetters[] = {{'D', imap::kDraft},
                                   {'F', imap::kFlagged},
                                   {'R', imap::kAnswered},
                                   {'S', imap::kSeen},
                                   {'T', imap::kDeleted}};

bool imap_letter(char c) {
  return std::any_of(std::begin(kLetters), std::end(kLetters),
                     [c](const LetterFlag& l) { return l.letter == c; });
}

bool creatable_name(const std::string& name) {
  // Maildir++ uses '.' between levels on disk, so a '.' inside an IMAP name is ambiguous.
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  if (name.find("//") != std::string::npos) return false;
  return name.find_first_of(".\\") == std::string::npos;
}

bool make_maildir(const std::filesystem::path& folder, std::error_code& error) {
  for (const char* sub : {"tmp", "new", "cur"}) {
    std::filesystem::create_directories(folder / sub, error);
    if (error) return false;
  }
  return true;
}

}  // namespace

std::string maildir_letters(const MessageFlags& flags, MaildirKeywords& keywords,
                            std::string_view kept) {
  std::string out;
  for (const auto& l : kLetters) {
    if (flags.system & l.flag) out += l.letter;
  }
  for (const auto& keyword : flags.keywords) {
    if (const auto letter = keywords.letter_of(keyword)) out += *letter;
  }
  for (char c : kept) {
    if (!imap_letter(c) && !(c >= 'a' && c <= 'z')) out += c;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

MessageFlags imap_flags(std::string_view letters, const MaildirKeywords& keywords) {
  MessageFlags out;
  for (const auto& l : kLetters) {
    if (letters.find(l.letter) != std::string_view::npos) out.system |= l.flag;
  }
  for (char c : letters) {
    if (auto name = keywords.name_of(c)) out.keywords.push_back(std::move(*name));
  }
  return out;
}

std::filesystem::path MaildirImapStore::folder_of(const std::string& user,
                                                  const std::string& name) const {
  const std::filesystem::path inbox = accounts_.maildir_of(user);
  if (name == "INBOX") return inbox;
  std::string sub = "." + name;
  std::replace(sub.begin(), sub.end(), '/', '.');
  return inbox / sub;
}

std::optional<std::string> MaildirImapStore::authenticate(std::string_view user,
                                                          std::string_view password) {
  return accounts_.authenticate(user, password);
}

std::vector<MailboxName> MaildirImapStore::list_mailboxes(const std::string& user) {
  std::lock_guard lock(maildir_lock());
  std::vector<MailboxName> out{{"INBOX", false, false}};
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(accounts_.maildir_of(user), ec)) {
    const std::string file = entry.path().filename().string();
    if (file.size() < 2 || file[0] != '.' || file == ".." || !entry.is_directory(ec)) continue;
    if (!std::filesystem::is_directory(entry.path() / "cur", ec)) continue;
    std::string name = file.substr(1);
    std::replace(name.begin(), name.end(), '.', '/');
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  for (auto& name : names) out.push_back({std::move(name), false, false});
  return out;
}

MaildirMailbox* MaildirImapStore::open(const std::string& user, const std::string& name) {
  const std::filesystem::path folder = folder_of(user, name);
  std::error_code error;
  if (name == "INBOX") {
    // The user's INBOX exists from the first login, mail or not (as Dovecot creates it).
    if (!make_maildir(folder, error)) return nullptr;
  } else if (!std::filesystem::is_directory(folder / "cur", error)) {
    return nullptr;
  }
  auto [it, inserted] = boxes_.try_emplace(folder.string(), folder);
  if (!it->second.refresh(error)) return nullptr;
  return &it->second;
}

std::optional<MailboxSnapshot> MaildirImapStore::mailbox(const std::string& user,
                                                         const std::string& name) {
  std::lock_guard lock(maildir_lock());
  MaildirMailbox* box = open(user, name);
  if (!box) return std::nullopt;
  auto& recent = recent_[box->folder().string()];
  const MaildirKeywords keywords(box->folder());
  MailboxSnapshot out;
  out.uid_validity = box->uid_validity();
  out.uid_next = box->next_uid();
  for (const auto& m : box->messages()) {
    // First to see a message in new/: it is \Recent for this session only, and goes to
    // cur/ so that no other session (nor a restart) calls it \Recent again.
    if (m.in_new) {
      const std::string letters = m.flags;
      std::error_code error;
      if (box->set_flags(m.uid, letters, error)) recent.insert(m.uid);
    }
    imap::MessageSummary summary;
    summary.uid = m.uid;
    summary.flags = imap_flags(m.flags, keywords);
    if (recent.count(m.uid)) summary.flags.system |= imap::kRecent;
    summary.internal_date = m.received;
    summary.size = m.size;
    out.messages.push_back(std::move(summary));
  }
  return out;
}

std::optional<std::string> MaildirImapStore::content(const std::string& user,
                                                     const std::string& name, std::uint32_t uid) {
  std::lock_guard lock(maildir_lock());
  const auto it = boxes_.find(folder_of(user, name).string());
  MaildirMailbox* box = it != boxes_.end() && it->second.find(uid) ? &it->second : open(user, name);
  if (!box) return std::nullopt;
  return box->read(uid);
}

StoreResult MaildirImapStore::set_flags(const std::string& user, const std::string& name,
                                        std::uint32_t uid, const MessageFlags& flags) {
  std::lock_guard lock(maildir_lock());
  MaildirMailbox* box = open(user, name);
  if (!box) return StoreResult::NoSuchMailbox;
  const MaildirMessage* message = box->find(uid);
  if (!message) return StoreResult::NoSuchMessage;
  MaildirKeywords keywords(box->folder());
  const std::string letters = maildir_letters(flags, keywords, message->flags);
  std::error_code error;
  if (!keywords.save(error)) return StoreResult::Refused;
  return box->set_flags(uid, letters, error) ? StoreResult::Done : StoreResult::Refused;
}

StoreResult MaildirImapStore::add(const std::string& user, const std::string& name,
                                  std::string_view content, const MessageFlags& flags,
                                  std::string_view kept, std::optional<std::int64_t> received) {
  const std::filesystem::path folder = folder_of(user, name);
  std::error_code error;
  if (name == "INBOX" && !make_maildir(folder, error)) return StoreResult::Refused;
  if (!std::filesystem::is_directory(folder / "cur", error)) return StoreResult::NoSuchMailbox;
  // Keywords get the target Maildir's letters (each Maildir has its own keyword file).
  MaildirKeywords keywords(folder);
  const std::string letters = maildir_letters(flags, keywords, kept);
  if (!keywords.save(error)) return StoreResult::Refused;
  const std::filesystem::path written = write_maildir_message(folder, content, letters, error);
  if (written.empty()) return StoreResult::Refused;
  if (received) {
    const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(*received));
    std::filesystem::last_write_time(written, std::chrono::file_clock::from_sys(when), error);
  }
  // The scan gives it the next UID; this session is the first to know of it: \Recent.
  MaildirMailbox* box = open(user, name);
  if (!box) return StoreResult::Refused;
  const std::string unique = maildir_unique(written.filename().string());
  for (const auto& m : box->messages()) {
    if (m.unique == unique) recent_[box->folder().string()].insert(m.uid);
  }
  return StoreResult::Done;
}

StoreResult MaildirImapStore::copy(const std::string& user, const std::string& from,
                                   std::uint32_t uid, const std::string& to) {
  std::lock_guard lock(maildir_lock());
  MaildirMailbox* source = open(user, from);
  if (!source) return StoreResult::NoSuchMailbox;
  const MaildirMessage* message = source->find(uid);
  if (!message) return StoreResult::NoSuchMessage;
  const auto bytes = source->read(uid);
  if (!bytes) return StoreResult::NoSuchMessage;
  // Copied with its flags and its arrival time (INTERNALDATE is kept by COPY).
  const MessageFlags flags = imap_flags(message->flags, MaildirKeywords(source->folder()));
  const std::string kept = message->flags;
  const std::int64_t received = message->received;
  return add(user, to, *bytes, flags, kept, received);
}

StoreResult MaildirImapStore::expunge(const std::string& user, const std::string& name,
                                      const std::vector<std::uint32_t>& uids) {
  std::lock_guard lock(maildir_lock());
  MaildirMailbox* box = open(user, name);
  if (!box) return StoreResult::NoSuchMailbox;
  StoreResult result = StoreResult::Done;
  for (const std::uint32_t uid : uids) {
    std::error_code error;
    // Gone already (another session expunged it): nothing left to do for that one.
    if (!box->find(uid)) continue;
    if (!box->remove(uid, error)) result = StoreResult::Refused;
  }
  return result;
}

StoreResult MaildirImapStore::append(const std::string& user, const std::string& name,
                                     const MessageFlags& flags,
                                     std::optional<std::int64_t> internal_date,
                                     int /*internal_date_offset_minutes*/,
                                     std::string_view content) {
  std::lock_guard lock(maildir_lock());
  // Stored in cur/ with its flags: the client that appends it has seen it (\Recent is
  // this session's all the same). A Maildir keeps no zone: INTERNALDATE is shown in UTC.
  return add(user, name, content, flags, {}, internal_date);
}

StoreResult MaildirImapStore::create_mailbox(const std::string& user, const std::string& name) {
  std::lock_guard lock(maildir_lock());
  if (name == "INBOX" || !creatable_name(name)) return StoreResult::Refused;
  const std::filesystem::path folder = folder_of(user, name);
  std::error_code error;
  if (std::filesystem::exists(folder, error)) return StoreResult::AlreadyExists;
  if (!make_maildir(accounts_.maildir_of(user), error) || !make_maildir(folder, error))
    return StoreResult::Refused;
  // Maildir++ marks a subfolder with this empty file (Courier, Dovecot and mutt look for it).
  std::ofstream(folder / "maildirfolder").flush();
  return StoreResult::Done;
}

StoreResult MaildirImapStore::delete_mailbox(const std::string& user, const std::string& name) {
  std::lock_guard lock(maildir_lock());
  if (name == "INBOX") return StoreResult::Refused;
  const std::filesystem::path folder = folder_of(user, name);
  std::error_code error;
  if (!std::filesystem::is_directory(folder / "cur", error)) return StoreResult::NoSuchMailbox;
  std::filesystem::remove_all(folder, error);
  boxes_.erase(folder.string());
  recent_.erase(folder.string());
  return error ? StoreResult::Refused : StoreResult::Done;
}

}  // namespace smtplab::agents
