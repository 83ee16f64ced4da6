// Driving a running lab from another terminal (see lab_control.hpp).
#include "gui/cli/lab_control.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "sim/lab/duration_text.hpp"
#include "sim/lab/fault_by_name.hpp"

namespace smtplab::cli {
namespace fs = std::filesystem;
namespace {

fs::path control_dir(const fs::path& state_dir) {
  return state_dir / "control";
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// Written aside then renamed: the other side never reads half a file.
bool write_whole(const fs::path& path, const std::string& text) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!(out << text)) return false;
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  return !ec;
}

ControlAnswer apply_request(const fs::path& state_dir, const std::string& line,
                            lab::LabRuntime& lab) {
  std::istringstream in(line);
  std::string lang, verb;
  in >> lang >> verb;
  const bool fr = lang == "fr";
  const auto say = [fr](bool ok, const std::string& french, const std::string& english) {
    return ControlAnswer{ok, fr ? french : english};
  };
  if (verb == "clock") {
    std::string amount;
    in >> amount;
    const auto seconds = lab::parse_duration(amount);
    if (!seconds || *seconds <= 0) {
      return say(false, "durée illisible : « " + amount + " » (90s, 5m, 1h, 6d)",
                 "cannot read the duration '" + amount + "' (90s, 5m, 1h, 6d)");
    }
    lab.clock().advance(*seconds);
    return say(true, "horloge du lab avancée de " + amount,
               "the lab's clock moved on by " + amount);
  }
  if (verb == "fault" || verb == "clear") {
    std::string node, name, argument, word;
    in >> node >> name;
    while (in >> word) argument += (argument.empty() ? "" : " ") + word;
    std::string error;
    auto fault = lab::make_fault(lab.topology(), node, name, argument, error);
    if (!fault) return say(false, "panne refusée : " + error, "fault refused: " + error);
    if (verb == "fault") {
      lab.inject(*fault);
      return say(true, "panne « " + name + " » appliquée à " + node,
                 "fault '" + name + "' applied to " + node);
    }
    fault->verb.clear();  // a reply fault is cleared for every verb
    lab.clear(*fault);
    return say(true, "panne « " + name + " » levée sur " + node,
               "fault '" + name + "' cleared on " + node);
  }
  if (verb == "save") {
    save_lab_state(state_dir, lab);
    return say(true, "état du lab écrit dans " + state_dir.string(),
               "the lab's state written to " + state_dir.string());
  }
  return say(false, "demande inconnue : " + line, "unknown request: " + line);
}

}  // namespace

std::optional<ControlAnswer> ask_lab(const fs::path& state_dir, const std::string& request) {
  const fs::path dir = control_dir(state_dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;  // no lab ever served here
  const std::string id =
      std::to_string(::getpid()) + "-" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  const fs::path question = dir / (id + ".request");
  const fs::path answer = dir / (id + ".answer");
  if (!write_whole(question, request + "\n")) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(answer, ec)) {
      const std::string text = read_all(answer);
      fs::remove(answer, ec);
      ControlAnswer out;
      out.ok = text.rfind("ok ", 0) == 0;
      out.text = text.substr(text.find(' ') == std::string::npos ? 0 : text.find(' ') + 1);
      while (!out.text.empty() && out.text.back() == '\n') out.text.pop_back();
      return out;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  fs::remove(question, ec);  // nobody took it: the lab is not running
  return std::nullopt;
}

void open_control(const fs::path& state_dir) {
  std::error_code ec;
  fs::remove_all(control_dir(state_dir), ec);
  fs::create_directories(control_dir(state_dir), ec);
}

void close_control(const fs::path& state_dir) {
  std::error_code ec;
  fs::remove_all(control_dir(state_dir), ec);
}

void save_lab_state(const fs::path& state_dir, lab::LabRuntime& lab) {
  write_whole(state_dir / "timeline.jsonl", lab.timeline().to_jsonl());
  write_whole(state_dir / "transcript.txt", lab.transcript());
}

void answer_requests(const fs::path& state_dir, lab::LabRuntime& lab) {
  const fs::path dir = control_dir(state_dir);
  std::error_code ec;
  std::vector<fs::path> requests;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".request") requests.push_back(entry.path());
  }
  for (const auto& request : requests) {
    std::string line = read_all(request);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    fs::remove(request, ec);
    const ControlAnswer answer = apply_request(state_dir, line, lab);
    fs::path reply = request;
    reply.replace_extension(".answer");
    write_whole(reply, (answer.ok ? "ok " : "error ") + answer.text + "\n");
  }
}

}  // namespace smtplab::cli
