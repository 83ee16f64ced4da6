// The open dialog's model, without ImGui: one folder's entries (folders first, then the
// files the window can open), narrowed by what the user types, with a keyboard cursor.
// The drawing and the keys are in file_dialog.cpp; this part is what the tests drive.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// What a file holds, as far as the window is concerned.
enum class FileKind {
  Folder,
  Capture,  ///< pcap or pcapng (by its magic number, else by its extension)
  Message,  ///< anything else the user opens: read as an RFC 5322 message (.eml)
};

struct BrowserEntry {
  std::string name;  ///< file name, as the file system spells it
  FileKind kind = FileKind::Message;
  std::uintmax_t size = 0;  ///< bytes (0 for folders)
};

/// Why the browser could not do what was asked (the window says it in its language).
enum class BrowserError {
  None,
  CannotList,  ///< the folder cannot be read (permissions, gone)
  NotFound,    ///< a typed path names nothing
};

/// A shortcut beside the list: a folder that exists (checked when the dialog opens).
struct BrowserPlace {
  Text label;
  std::filesystem::path folder;
};

struct FileBrowser {
  std::filesystem::path folder;       ///< absolute
  std::vector<BrowserEntry> entries;  ///< folders first, then openable files, by name
  std::string typed;  ///< the text field: narrows the list, or a path when it holds a '/'
  int cursor = 0;     ///< index into visible_entries()
  BrowserError error = BrowserError::None;
  std::string error_path;            ///< the folder or typed path the error is about
  std::vector<BrowserPlace> places;  ///< home, the lab's captures, the working folder
};

/// The kind of `path`: a folder, a capture (pcap/pcapng magic number), else a message.
FileKind file_kind(const std::filesystem::path& path);

/// True for the names the list shows besides folders: .pcap, .pcapng, .cap, .eml.
bool listed_file_name(const std::string& name);

/// Lists `folder` (made absolute) into the browser, clearing the typed text and putting the
/// cursor on the first entry. Hidden names (starting with '.') are left out.
void browse(FileBrowser& browser, const std::filesystem::path& folder);

/// Goes to the parent folder, with the cursor on the folder just left.
void browse_parent(FileBrowser& browser);

/// Indexes into `entries` of the names containing the typed text (case-insensitive); all
/// of them when the typed text is empty or a path.
std::vector<int> visible_entries(const FileBrowser& browser);

/// Moves the cursor by `delta` within the visible entries (clamped).
void move_cursor(FileBrowser& browser, int delta);

/// What Enter does.
struct BrowserChoice {
  bool open = false;  ///< a file was chosen: open `path`
  std::filesystem::path path;
};

/// Enter: a typed path (holding a '/', or "~") goes to that folder or chooses that file;
/// otherwise the entry under the cursor is entered (folder) or chosen (file). A typed path
/// that does not exist sets `error` (NotFound).
BrowserChoice activate(FileBrowser& browser);

/// Chooses or enters the entry at `index` of `entries` (a click).
BrowserChoice activate_entry(FileBrowser& browser, int index);

/// "12.0 kB" / "12,0 ko": a size as the list shows it, in the window's language.
std::string size_text(std::uintmax_t bytes, Language language);

}  // namespace smtplab::app
