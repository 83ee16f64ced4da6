// The Lesson panel: a chapter picker and the chapter's Markdown (lessons/<lang>/NN-*.md)
// rendered with md4c; switching language shows the same chapter in the other language.
#include <imgui.h>

#include <filesystem>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/lesson_files.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/widgets/lesson_exercise_view.hpp"
#include "gui/app/widgets/markdown_view.hpp"

namespace smtplab::app {
namespace {

class LessonPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelLesson; }
  const char* id() const override { return "lesson"; }
  Placement placement() const override { return {0.0f, 0.38f, 0.28f, 0.42f}; }

 protected:
  void draw_contents(AppState& state) override {
    // With a scenario open, its exercise comes first; the chapter text stays one tab away.
    if (state.exercise.scenario && ImGui::BeginTabBar("lesson-tabs")) {
      if (ImGui::BeginTabItem(state.t(Text::TabExercise))) {
        ImGui::BeginChild("exercise");
        draw_exercise(state);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem(state.t(Text::Chapter))) {
        draw_chapter(state);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      return;
    }
    draw_chapter(state);
  }

 private:
  /// The chapter picker and the chapter's Markdown.
  static void draw_chapter(AppState& state) {
    const std::string lang(language_code(state.language));
    LessonState& lesson = state.lesson;
    const std::string key = lang + "/" + std::to_string(lesson.chapter);
    const auto& files = lesson.files;
    if (lesson.loaded_key != key) {
      // Read once per chapter and language, not every frame.
      lesson.files = lesson_files(state.source_dir, lang);
      lesson.loaded_key = key;
      lesson.doc = {};
      lesson.title.clear();
      const auto index = static_cast<std::size_t>(lesson.chapter - 1);
      if (index < files.size()) {
        lesson.doc = parse_markdown(read_text_file(files[index]));
        for (const auto& block : lesson.doc.blocks) {
          if (block.kind != MarkdownBlock::Kind::Heading) continue;
          for (const auto& span : block.spans) lesson.title += span.text;
          break;
        }
      }
    }
    ImGui::SetNextItemWidth(-1);
    // Chapter titles already say "Chapitre N — ...".
    const std::string current = lesson.title.empty() ? std::string(state.t(Text::Chapter)) + " " +
                                                           std::to_string(lesson.chapter)
                                                     : lesson.title;
    if (ImGui::BeginCombo("##chapter", current.c_str())) {
      for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string name = std::filesystem::path(files[i]).stem().string();
        if (ImGui::Selectable(name.c_str(), static_cast<int>(i) + 1 == lesson.chapter)) {
          open_lesson(state, static_cast<int>(i) + 1);
        }
      }
      ImGui::EndCombo();
    }
    ImGui::BeginChild("lesson-text", ImVec2(0, 0), false);
    if (lesson.doc.blocks.empty()) {
      ImGui::TextDisabled("%s", state.t(Text::LessonMissing));
    } else {
      draw_markdown(lesson.doc, state.fonts, state.presentation);
    }
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<Panel> make_lesson_panel() {
  return std::make_unique<LessonPanel>();
}

}  // namespace smtplab::app
