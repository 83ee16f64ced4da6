// The window: GLFW + OpenGL 3.3 core + Dear ImGui, the DejaVu fonts with the glyph ranges
// French needs, the menu bar, keyboard shortcuts, the error and help windows, the panels,
// and the frame loop that drains the UI queue, runs the UI script, takes screenshots and
// measures frame times.
//
// [SECTION] Fonts and settings
// [SECTION] Keyboard input
// [SECTION] Menus and overlay windows
// [SECTION] Frame loop
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/actions/compose_actions.hpp"
#include "gui/app/actions/lab_actions.hpp"
#include "gui/app/actions/scenario_open.hpp"
#include "gui/app/model/exercise.hpp"
#include "gui/app/model/lab_snapshot.hpp"
#include "gui/app/model/user_settings.hpp"
#include "gui/app/shell/file_dialog.hpp"
#include "gui/app/shell/fonts.hpp"
#include "gui/app/shell/gui_options.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/screenshot.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/shell/welcome_page.hpp"
#include "gui/app/testing/state_dump.hpp"
#include "gui/app/widgets/lab_clock.hpp"

namespace smtplab::app {
namespace {

// [SECTION] Fonts and settings

/// $XDG_CONFIG_HOME/smtplab/imgui.ini, else ~/.config/smtplab/imgui.ini ("" if neither).
std::string settings_path() {
  const std::filesystem::path dir = config_dir();
  if (dir.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? std::string{} : (dir / "imgui.ini").string();
}

// [SECTION] Keyboard input

/// Shortcut keys seen by GLFW since the last frame (the window's user pointer). ImGui 1.86
/// has no named keys for letters or F-keys, so the shortcuts read GLFW's.
struct KeyInbox {
  std::vector<int> keys;  ///< GLFW_KEY_* pressed (or repeated), with mods below
  std::vector<int> mods;
  std::vector<unsigned> chars;  ///< characters typed
};

void on_key(GLFWwindow* window, int key, int, int action, int mods) {
  if (action == GLFW_RELEASE) return;
  auto* inbox = static_cast<KeyInbox*>(glfwGetWindowUserPointer(window));
  inbox->keys.push_back(key);
  inbox->mods.push_back(mods);
}

void on_char(GLFWwindow* window, unsigned codepoint) {
  static_cast<KeyInbox*>(glfwGetWindowUserPointer(window))->chars.push_back(codepoint);
}

/// F11 and the View menu: presentation mode covers the screen, as a projector wants;
/// leaving it gives the window back its place.
void toggle_presentation(AppState& state) {
  state.presentation = !state.presentation;
  state.fullscreen = state.presentation;
}

/// The window's size and place before it went full screen.
struct WindowedGeometry {
  int x = 0, y = 0, width = 0, height = 0;
};

/// Puts the window on (or off) its monitor when `state.fullscreen` changed.
void apply_fullscreen(GLFWwindow* window, const AppState& state, bool& applied,
                      WindowedGeometry& windowed) {
  if (state.fullscreen == applied) return;
  applied = state.fullscreen;
  if (state.fullscreen) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window, &windowed.x, &windowed.y);
    glfwGetWindowSize(window, &windowed.width, &windowed.height);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else if (windowed.width > 0) {
    glfwSetWindowMonitor(window, nullptr, windowed.x, windowed.y, windowed.width, windowed.height,
                         GLFW_DONT_CARE);
  }
}

/// A UI script's keys reach the window the way a keyboard's do: through the key and
/// character callbacks installed on the window (ImGui's backend, which chains to the
/// shortcuts' inbox). A key is pressed one frame and released the next, as ImGui 1.86
/// reads held keys at NewFrame; typed text follows the keys.
void replay_scripted_input(GLFWwindow* window, ScriptedInput& input) {
  const GLFWkeyfun key_callback = glfwSetKeyCallback(window, nullptr);
  glfwSetKeyCallback(window, key_callback);
  const GLFWcharfun char_callback = glfwSetCharCallback(window, nullptr);
  glfwSetCharCallback(window, char_callback);
  if (key_callback == nullptr || char_callback == nullptr) {
    input = ScriptedInput{};
    return;
  }
  for (const ScriptedKey& held : input.held) {
    key_callback(window, held.key, 0, GLFW_RELEASE, held.mods);
    if ((held.mods & GLFW_MOD_CONTROL) != 0)
      key_callback(window, GLFW_KEY_LEFT_CONTROL, 0, GLFW_RELEASE, 0);
    if ((held.mods & GLFW_MOD_SHIFT) != 0)
      key_callback(window, GLFW_KEY_LEFT_SHIFT, 0, GLFW_RELEASE, 0);
  }
  input.held.clear();
  if (!input.pending.empty()) {
    const ScriptedKey key = input.pending.front();
    input.pending.erase(input.pending.begin());
    if ((key.mods & GLFW_MOD_CONTROL) != 0)
      key_callback(window, GLFW_KEY_LEFT_CONTROL, 0, GLFW_PRESS, GLFW_MOD_CONTROL);
    if ((key.mods & GLFW_MOD_SHIFT) != 0)
      key_callback(window, GLFW_KEY_LEFT_SHIFT, 0, GLFW_PRESS, key.mods);
    key_callback(window, key.key, 0, GLFW_PRESS, key.mods);
    input.held.push_back(key);
    return;
  }
  // UTF-8 to code points, as GLFW's character callback delivers them.
  const std::string& text = input.text;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xe ? 3 : 4;
    unsigned codepoint = length == 1 ? byte : byte & (0x7fu >> length);
    for (int k = 1; k < length && i + static_cast<std::size_t>(k) < text.size(); ++k)
      codepoint = (codepoint << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3fu);
    char_callback(window, codepoint);
    i += static_cast<std::size_t>(length);
  }
  input.text.clear();
}

void handle_shortcuts(AppState& state, KeyInbox& inbox) {
  // Typing in a text field must not trigger shortcuts (space, arrows, '?').
  const bool typing = ImGui::GetIO().WantTextInput;
  for (std::size_t i = 0; i < inbox.keys.size(); ++i) {
    const int key = inbox.keys[i];
    const bool ctrl = (inbox.mods[i] & GLFW_MOD_CONTROL) != 0;
    if (key == GLFW_KEY_F11) toggle_presentation(state);
    if (ctrl && key == GLFW_KEY_O) state.show_open_dialog = true;
    if (typing) continue;
    if (key == GLFW_KEY_SPACE) {
      // Projecting a chapter, Space is the lecturer's "next": the next exchange while a
      // demonstration step waits for it, else the chapter's next step.
      if (state.presentation && state.exercise.scenario) {
        advance_lecture(state);
      } else {
        state.playback.playing = !state.playback.playing;
      }
    }
    if (key == GLFW_KEY_RIGHT) step_exchange(state, +1);
    if (key == GLFW_KEY_LEFT) step_exchange(state, -1);
    if (key == GLFW_KEY_ESCAPE) state.show_shortcuts = false;
  }
  if (!typing) {
    for (unsigned c : inbox.chars) {
      if (c == '?') state.show_shortcuts = !state.show_shortcuts;
    }
  }
  inbox.keys.clear();
  inbox.mods.clear();
  inbox.chars.clear();
}

// [SECTION] Menus and overlay windows

/// Draws the menu bar; returns true when "reset layout" was chosen.
bool draw_menu_bar(AppState& state, GLFWwindow* window) {
  bool reset = false;
  if (!ImGui::BeginMainMenuBar()) return false;
  if (ImGui::BeginMenu(state.t(Text::MenuFile))) {
    if (ImGui::MenuItem(state.t(Text::MenuOpenCapture), "Ctrl+O")) state.show_open_dialog = true;
    if (ImGui::BeginMenu(state.t(Text::MenuRecentFiles), !state.settings.recent_files.empty())) {
      for (std::size_t i = 0; i < state.settings.recent_files.size(); ++i) {
        // A copy: opening a message reorders the list being drawn.
        const std::string path = state.settings.recent_files[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::MenuItem(path.c_str())) open_file(state, path);
        ImGui::PopID();
      }
      ImGui::EndMenu();
    }
    ImGui::MenuItem(state.t(Text::PanelCapture), nullptr, &state.capture_state.show);
    ImGui::MenuItem(state.t(Text::MenuAnalysis), nullptr, &state.analysis_view.show,
                    state.capture != nullptr);
    if (ImGui::MenuItem(state.t(Text::MenuQuit))) glfwSetWindowShouldClose(window, GLFW_TRUE);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(state.t(Text::MenuView))) {
    if (ImGui::MenuItem(state.t(Text::MenuPresentation), "F11", state.presentation))
      toggle_presentation(state);
    ImGui::MenuItem(state.t(Text::MenuFullScreen), nullptr, &state.fullscreen);
    if (ImGui::MenuItem(state.t(Text::MenuResetLayout))) reset = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(state.t(Text::MenuLab))) {
    if (ImGui::MenuItem(state.t(Text::LabStart), nullptr, false,
                        !state.live.running() && !state.live.busy())) {
      state.live.start(state.topology.topology, state.queue);
    }
    if (ImGui::MenuItem(state.t(Text::LabSendMail), nullptr, false,
                        state.live.running() && !state.live.busy())) {
      state.live.send_test_message(state.queue);
    }
    if (ImGui::MenuItem(state.t(Text::LabCompose), nullptr, false, state.live.running())) {
      compose_open(state);
    }
    // Even while a send is held by the step gate (busy): stopping it may be the point.
    if (ImGui::MenuItem(state.t(Text::LabStop), nullptr, false, state.live.running())) {
      stop_lab(state);
    }
    if (ImGui::MenuItem(state.t(Text::LabReset), nullptr, false, state.live.running())) {
      reset_lab(state);
    }
    ImGui::Separator();
    bool step = state.live.step_mode();
    if (ImGui::MenuItem(state.t(Text::LabStepMode), nullptr, &step, state.live.running()))
      set_step_mode(state, step);
    if (ImGui::BeginMenu(state.t(Text::StepUnitLabel))) {
      for (const auto& [unit, text] : kStepUnits) {
        if (ImGui::MenuItem(state.t(text), nullptr, state.step.unit == unit))
          state.step.unit = unit;
      }
      ImGui::EndMenu();
    }
    draw_clock_menu(state);
    ImGui::Separator();
    ImGui::MenuItem(state.t(Text::PanelMail), nullptr, &state.mail.show);
    if (ImGui::MenuItem(state.t(Text::LabShowLive), nullptr,
                        state.timeline_source == TimelineSource::Live, state.live.running())) {
      state.live.show(state);
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(state.t(Text::MenuLanguage))) {
    // The choice is remembered for the next launch.
    for (const auto& [language, name] :
         {std::pair{Language::Fr, "Français"}, std::pair{Language::En, "English"}}) {
      if (ImGui::MenuItem(name, nullptr, state.language == language)) {
        choose_language(state, language);
      }
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(state.t(Text::MenuHelp))) {
    if (ImGui::MenuItem(state.t(Text::MenuShortcuts), "?")) state.show_shortcuts = true;
    if (ImGui::MenuItem(state.t(Text::MenuWelcome))) state.welcome.show = true;
    ImGui::EndMenu();
  }
  if (state.loader.busy()) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::ProgressBar(state.loader.progress(), ImVec2(ImGui::GetFontSize() * 10, 0));
  } else if (state.capture) {
    ImGui::TextDisabled("%s", state.capture->file.c_str());
  }
  if (const std::string& title =
          state.scenario_title.in(std::string(language_code(state.language)));
      !title.empty()) {
    ImGui::TextUnformatted(title.c_str());
  }
  ImGui::EndMainMenuBar();
  return reset;
}

void draw_errors(AppState& state) {
  if (state.errors.empty()) return;
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 34, 0), ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  const std::string title = std::string(state.t(Text::ErrorTitle)) + "###errors";
  if (ImGui::Begin(title.c_str(), nullptr,
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    state.visible_panels.emplace_back(state.t(Text::ErrorTitle));
    const LoadError& error = state.errors.front();
    ImGui::PushTextWrapPos(0);
    const std::string text = error.message(state.language);
    ImGui::TextColored(tone_colour_vec(Tone::Error, state.presentation), "%s", text.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(state.t(error.hint));
    ImGui::PopTextWrapPos();
    if (ImGui::Button(state.t(Text::Dismiss))) state.errors.erase(state.errors.begin());
  }
  ImGui::End();
}

void draw_shortcuts(AppState& state) {
  if (!state.show_shortcuts) return;
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  const std::string title = std::string(state.t(Text::ShortcutsTitle)) + "###shortcuts";
  if (ImGui::Begin(title.c_str(), &state.show_shortcuts,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoSavedSettings)) {
    for (Text key : {Text::ShortcutSpace, Text::ShortcutArrows, Text::ShortcutCtrlO,
                     Text::ShortcutF11, Text::ShortcutHelp}) {
      ImGui::BulletText("%s", state.t(key));
    }
    if (ImGui::Button(state.t(Text::Close))) state.show_shortcuts = false;
  }
  ImGui::End();
}

void tick_playback(AppState& state, double dt) {
  if (!state.playback.playing) return;
  state.playback.accumulator += dt;
  const double period = 1.0 / std::max(0.05f, state.playback.speed);
  while (state.playback.accumulator >= period) {
    state.playback.accumulator -= period;
    const auto before = state.selection.event;
    step_exchange(state, +1);
    if (state.selection.event == before) state.playback.playing = false;  // the end
  }
}

bool write_text(const std::string& path, const std::string& text, std::string& error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) error = path + ": cannot write";
  return static_cast<bool>(out);
}

void print_frame_times(const char* what, std::vector<double> ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  std::printf("%-34s frames %zu  median %.2f ms  p99 %.2f ms  max %.2f ms\n", what, ms.size(),
              at(0.5), at(0.99), ms.back());
}

}  // namespace

// [SECTION] Frame loop

int run_gui(const GuiOptions& options) {
  glfwSetErrorCallback([](int code, const char* text) {
    std::fprintf(stderr, "smtplab gui: GLFW %d: %s\n", code, text);
  });
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "smtplab gui: cannot open a window (is DISPLAY set? under CI use xvfb-run)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, "SMTP Lab", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "smtplab gui: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  const bool headless =
      !options.screenshot.empty() || options.bench_frames > 0 || options.has_script;
  glfwSwapInterval(headless ? 0 : 1);
  KeyInbox inbox;
  glfwSetWindowUserPointer(window, &inbox);
  // Installed before ImGui's backend, which chains to them.
  glfwSetKeyCallback(window, on_key);
  glfwSetCharCallback(window, on_char);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // Tests and screenshots must not depend on (or change) the user's saved layout.
  const std::string ini = headless ? std::string{} : settings_path();
  io.IniFilename = ini.empty() ? nullptr : ini.c_str();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  {
    auto state_ptr = std::make_unique<AppState>();
    AppState& state = *state_ptr;
    state.settings_file = user_settings_path();
    state.settings = load_user_settings(state.settings_file);
    state.language = options.language
                         ? *options.language
                         : state.settings.language.value_or(language_from_environment());
    state.source_dir = SMTPLAB_SOURCE_DIR;
    state.topology.topology = lab::default_topology();
    build_fonts(state.fonts, text_pixels(state.presentation, 0));
    for (const auto& path : state.fonts.missing)
      state.errors.push_back({path, Text::FontMissing});  // the hint says what is wrong
    if (!options.scenario.empty()) open_scenario(state, options.scenario);
    // A launch with nothing asked leads with the start page.
    state.welcome.show = options.scenario.empty() && options.capture.empty() &&
                         !options.has_script && options.screenshot.empty() &&
                         options.bench_frames == 0;
    std::vector<ScriptAction> actions;
    if (!options.capture.empty()) actions.push_back({"open-capture", options.capture, 0});
    actions.insert(actions.end(), options.script.begin(), options.script.end());
    ScriptRunner script(std::move(actions));
    auto panels = make_panels();

    std::optional<bool> applied_presentation;  // none yet: the first frame applies a theme
    int frames_after_script = 0;
    int exit_code = 0;
    int bench_index = 0;
    std::vector<double> frame_ms;
    std::vector<double> ui_ms;  // building the UI (our code + ImGui), without GL rendering
    auto last = std::chrono::steady_clock::now();
    auto last_bench_mail = last - std::chrono::hours(1);
    bool reset_layout = false;
    bool applied_fullscreen = false;
    WindowedGeometry windowed;
    while (!glfwWindowShouldClose(window)) {
      const auto frame_start = std::chrono::steady_clock::now();
      const double dt = std::chrono::duration<double>(frame_start - last).count();
      last = frame_start;
      glfwPollEvents();
      state.queue.drain(state);
      state.live.poll(state);
      follow_welcome(state);
      state.demo.poll(state);
      if (refresh_lab_snapshot(state)) grade_checkpoints(state);
      AfterDraw after;
      std::string error;
      if (!script.advance(state, after, error)) {
        std::fprintf(stderr, "smtplab gui: %s\n", error.c_str());
        exit_code = 1;
        break;
      }
      const bool script_done = script.done();
      if (options.bench_frames > 0 && script_done && state.capture &&
          !state.capture->rows.empty()) {
        // Jump across the capture each frame: the list scrolls, details and hex change.
        const std::uint64_t count = state.capture->rows.size();
        select_frame(state, 1 + (static_cast<std::uint64_t>(bench_index) * 7919) % count);
        state.selection.scroll_frames = true;
      }
      if (options.bench_frames > 0 && script_done && state.live.running() && !state.live.busy() &&
          frame_start - last_bench_mail >=
              std::chrono::duration<double>(options.bench_mail_every)) {
        // A running lab keeps working through the measured frames: the MUA submits the next
        // message (at once, or every --bench-mail-every seconds), so sessions, envelopes and
        // mailboxes move.
        state.live.send_test_message(state.queue);
        last_bench_mail = frame_start;
      }
      replay_scripted_input(window, state.scripted_input);
      handle_shortcuts(state, inbox);
      tick_playback(state, dt);
      apply_fullscreen(window, state, applied_fullscreen, windowed);
      {
        // Presentation text follows the window's height (a projector's 720 rows get
        // smaller text than a 1080-row screen); the atlas is rebuilt at the new size.
        int window_w = 0;
        int window_h = 0;
        glfwGetWindowSize(window, &window_w, &window_h);
        // Panels reflow when the window changes size: the layout is in fractions of it.
        if (state.window_width != 0 &&
            (window_w != state.window_width || window_h != state.window_height))
          reset_layout = true;
        state.window_width = window_w;
        state.window_height = window_h;
        const float pixels = text_pixels(state.presentation, static_cast<float>(window_h));
        if (pixels != state.fonts.pixels) {
          build_fonts(state.fonts, pixels);
          // Before the first frame the renderer makes its texture itself.
          if (ImGui::GetFrameCount() > 0) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
          }
          applied_presentation.reset();
          // Taller text makes a taller menu bar: the panels are placed again below it.
          reset_layout = true;
        }
      }
      if (!applied_presentation || *applied_presentation != state.presentation) {
        apply_theme(state.presentation, state.fonts.pixels / 16.0f);
        applied_presentation = state.presentation;
      }

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // Headless runs ignore Xvfb's pointer (parked mid-screen): no stray hover or tooltip
      // in screenshots and state dumps.
      if (headless) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      if (state.fonts.text) ImGui::PushFont(state.fonts.text);
      state.visible_panels.clear();
      reset_layout = draw_menu_bar(state, window) || reset_layout;
      for (auto& panel : panels) panel->draw(state, reset_layout);
      reset_layout = false;
      draw_open_dialog(state);
      draw_shortcuts(state);
      draw_welcome_page(state);
      draw_errors(state);
      if (state.fonts.text) ImGui::PopFont();
      ImGui::Render();
      const auto ui_end = std::chrono::steady_clock::now();

      int fb_w = 0;
      int fb_h = 0;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      glViewport(0, 0, fb_w, fb_h);
      // The panels' own background colour: panels with nothing beneath them do not paint
      // it again (panel_backdrop.hpp).
      const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
      glClearColor(bg.x, bg.y, bg.z, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      if (!after.screenshot.empty() && !save_screenshot(after.screenshot, fb_w, fb_h, error)) {
        std::fprintf(stderr, "smtplab gui: %s\n", error.c_str());
        exit_code = 1;
      }
      if (!after.dump.empty() &&
          !write_text(
              after.dump,
              dump_state(state).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                  "\n",
              error)) {
        std::fprintf(stderr, "smtplab gui: %s\n", error.c_str());
        exit_code = 1;
      }
      bool finished = false;
      if (script_done && options.bench_frames == 0 && !options.screenshot.empty() &&
          ++frames_after_script >= options.frames) {
        if (!save_screenshot(options.screenshot, fb_w, fb_h, error)) {
          std::fprintf(stderr, "smtplab gui: %s\n", error.c_str());
          exit_code = 1;
        }
        finished = true;
      }
      glfwSwapBuffers(window);
      if (options.bench_frames > 0 && script_done) {
        const auto end = std::chrono::steady_clock::now();
        // The first frames after loading build textures and lay out windows: not measured.
        if (bench_index++ >= 5) {
          frame_ms.push_back(std::chrono::duration<double, std::milli>(end - frame_start).count());
          ui_ms.push_back(std::chrono::duration<double, std::milli>(ui_end - frame_start).count());
        }
        if (static_cast<int>(frame_ms.size()) >= options.bench_frames) {
          if (state.capture) {
            std::printf("capture %s: %zu frames, %zu sessions\n", state.capture->file.c_str(),
                        state.capture->rows.size(), state.capture->analysis.sessions.size());
          }
          print_frame_times("whole frame (UI + GL + swap):", frame_ms);
          print_frame_times("UI only (events, panels, ImGui):", ui_ms);
          finished = true;
        }
      }
      if (finished) break;
    }
    if (!state.errors.empty() && headless) {
      for (const auto& e : state.errors)
        std::fprintf(stderr, "smtplab gui: shown in the window: %s\n", e.text.c_str());
    }
    // The state (loader thread, console socket) ends before the GL context goes away.
    state_ptr.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
  }
}

}  // namespace smtplab::app
