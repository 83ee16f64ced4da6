// The user-interface string catalogue: every visible label of the window, in French and
// English, in one table (ui_text.cpp). Code asks for a key; the language comes from the
// application state, so switching language changes the whole window on the next frame.
#pragma once

#include <string_view>

namespace smtplab::app {

/// The two languages of the lab.
enum class Language { Fr, En };

/// "fr" or "en".
std::string_view language_code(Language language);

/// Every piece of UI text. The order matches the table in ui_text.cpp.
enum class Text {
  AppTitle,
  MenuFile,
  MenuOpenCapture,
  MenuQuit,
  MenuView,
  MenuPresentation,
  MenuLanguage,
  MenuHelp,
  MenuShortcuts,
  PanelTopology,
  PanelDialogue,
  PanelFrames,
  PanelPacket,
  PanelLesson,
  PanelConsole,
  PanelPlayback,
  ColNo,
  ColTime,
  ColSource,
  ColDestination,
  ColProtocol,
  ColLength,
  ColInfo,
  FilterHint,
  FilterApply,
  FilterClear,
  FilterHelp,
  FramesShown,
  NoCapture,
  Loading,
  OpenCaptureTitle,
  OpenCapturePath,
  Open,
  Cancel,
  ErrorTitle,
  ErrorCaptureHint,
  ErrorPermissionHint,
  Dismiss,
  Session,
  NoSessions,
  Client,
  Server,
  TlsBand,
  SeeRfc,
  NoFrameSelected,
  Hex,
  Chapter,
  LessonMissing,
  NodeConfiguration,
  NodeKindLabel,
  Address,
  Ports,
  Domains,
  Mailboxes,
  Users,
  Smarthost,
  RelayNetworks,
  DnsRecords,
  ClickNodeHint,
  ConsoleHost,
  ConsoleConnect,
  ConsoleDisconnect,
  ConsoleSend,
  ConsoleConnected,
  ConsoleNotConnected,
  ConsoleConnecting,
  ConsoleHint,
  Play,
  Pause,
  StepBack,
  StepForward,
  Restart,
  Speed,
  EventOf,
  NoTimeline,
  SourceCapture,
  ShortcutsTitle,
  ShortcutSpace,
  ShortcutArrows,
  ShortcutCtrlO,
  ShortcutF11,
  ShortcutHelp,
  Close,
  Messages,
  ScenarioHint,
  MenuResetLayout,
  MenuLab,
  LabStart,
  LabSendMail,
  LabStepMode,
  LabShowLive,
  LabStartHint,
  FontMissing,
  Count  // not a text: the number of entries
};

/// The text of `key` in `language` (UTF-8, static storage).
const char* tr(Language language, Text key);

}  // namespace smtplab::app
