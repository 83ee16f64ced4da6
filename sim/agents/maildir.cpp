// Maildir delivery with the tmp -> fsync -> rename -> fsync(dir) sequence.
#include "sim/agents/maildir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>

namespace smtplab::agents {
namespace {

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

std::string host_name() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) return "localhost";
  // Maildir names may not contain '/' or ':' (':' starts the info part): the convention
  // writes them as the octal escapes "\057" and "\072".
  std::string name;
  for (const char* p = buffer; *p; ++p) {
    if (*p == '/') {
      name += "\\057";
    } else if (*p == ':') {
      name += "\\072";
    } else {
      name += *p;
    }
  }
  return name;
}

}  // namespace

std::filesystem::path MaildirStore::mailbox_path(std::string_view address) const {
  std::string name(address);
  const auto at = name.rfind('@');
  if (at != std::string::npos) {
    std::transform(name.begin() + static_cast<std::ptrdiff_t>(at), name.end(),
                   name.begin() + static_cast<std::ptrdiff_t>(at),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  // An address is one path component: '/' can appear in a quoted local part.
  std::replace(name.begin(), name.end(), '/', '_');
  if (name.empty() || name == "." || name == "..") name = "_" + name;
  return root_ / name;
}

std::string new_maildir_unique() {
  static std::atomic<std::uint64_t> counter{0};  // unique names across delivering threads
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now).count();
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count() % 1000000;
  std::ostringstream name;
  name << seconds << ".M" << micros << "P" << ::getpid() << "Q" << ++counter << "." << host_name();
  return name.str();
}

std::filesystem::path write_maildir_message(const std::filesystem::path& folder,
                                            std::string_view message,
                                            const std::optional<std::string>& flags,
                                            std::error_code& error) {
  error.clear();
  const std::string name = new_maildir_unique();
  const std::filesystem::path tmp = folder / "tmp" / name;
  const std::filesystem::path final_path =
      flags ? folder / "cur" / (name + ":2," + *flags) : folder / "new" / name;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = std::error_code(errno, std::generic_category());
    return {};
  }
  const bool written = write_all(fd, message) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    error = std::error_code(saved_errno, std::generic_category());
    std::filesystem::remove(tmp);
    return {};
  }
  std::filesystem::rename(tmp, final_path, error);
  if (error) {
    std::filesystem::remove(tmp);
    return {};
  }
  // The rename is durable only once the directory itself is flushed.
  if (!fsync_directory(final_path.parent_path()))
    error = std::error_code(errno, std::generic_category());
  return error ? std::filesystem::path{} : final_path;
}

std::filesystem::path MaildirStore::deliver(std::string_view address, std::string_view message,
                                            std::error_code& error) {
  error.clear();
  const std::filesystem::path box = mailbox_path(address);
  for (const char* sub : {"tmp", "new", "cur"}) {
    std::filesystem::create_directories(box / sub, error);
    if (error) return {};
  }
  return write_maildir_message(box, message, std::nullopt, error);
}

std::vector<std::filesystem::path> MaildirStore::list(std::string_view address) const {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path box = mailbox_path(address);
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(box / sub, ec)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  // Names start with the delivery time, then a per-process counter: sorting by name gives
  // delivery order within one second only approximately, so sort by modification time.
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    std::error_code ea, eb;
    const auto ta = std::filesystem::last_write_time(a, ea);
    const auto tb = std::filesystem::last_write_time(b, eb);
    return ta == tb ? a.filename() < b.filename() : ta < tb;
  });
  return files;
}

std::uint64_t MaildirStore::size(std::string_view address) const {
  std::uint64_t total = 0;
  for (const auto& file : list(address)) {
    std::error_code ec;
    total += std::filesystem::file_size(file, ec);
  }
  return total;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace smtplab::agents
