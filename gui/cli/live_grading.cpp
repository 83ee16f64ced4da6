// Checkpoints announced as they pass in `smtplab serve` (see live_grading.hpp).
#include "gui/cli/live_grading.hpp"

#include <cstdio>
#include <filesystem>
#include <utility>
#include <variant>

#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/lab_state.hpp"

namespace smtplab::cli {

LiveGrading::LiveGrading(const lab::ScenarioSpec& scenario, std::string lang)
    : scenario_(scenario), lang_(std::move(lang)) {}

void LiveGrading::update(lab::LabRuntime& lab) {
  const lab::LabState state = lab::LabState::from_runtime(lab);
  lab::GradingContext context;
  context.scenario_dir = std::filesystem::path(scenario_.origin.file).parent_path();
  const bool fr = lang_ == "fr";
  for (const auto& step : scenario_.steps) {
    const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step);
    if (!checkpoint || announced_.count(checkpoint->id)) continue;
    const auto verdict = lab::evaluate_checkpoint(*checkpoint, state, context);
    if (!verdict.overall.pass || verdict.overall.unavailable) continue;
    announced_.insert(checkpoint->id);
    std::printf(fr ? "\u2713 point de contr\u00f4le %s r\u00e9ussi : %s\n"
                   : "\u2713 checkpoint %s passed: %s\n",
                checkpoint->id.c_str(), checkpoint->title.in(lang_).c_str());
  }
  std::fflush(stdout);
}

}  // namespace smtplab::cli
