// The scenario loader's internal pieces (includes yaml-cpp): reading a topology (with
// includes and overrides), reading steps and conditions, and the cross-reference checks
// that run once everything is read. Readers record what they could not check on the spot
// (node ids, mailboxes) as References, with where they were written.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_spec.hpp"
#include "sim/lab/scenario_yaml.hpp"

namespace smtplab::lab::scenario_detail {

/// A name used somewhere that must exist in the final topology.
struct Reference {
  /// What the name must be.
  enum class Kind {
    Node,     ///< any node id
    Server,   ///< a node that listens (not a Mua)
    Mua,      ///< a Mua node
    Mailbox,  ///< an address delivered by some Mx node (mailbox, alias or list)
  };
  Kind kind = Kind::Node;
  std::string value;
  SourceLocation where;
  std::string what;  ///< names the reference in messages ("submit.server")
};

/// Where the parts of a topology were written, for the cross-reference checks.
struct TopologyOrigins {
  std::map<std::string, SourceLocation> node;             ///< node id -> its `id:` value
  std::map<std::string, SourceLocation> address;          ///< node id -> its `address:` value
  std::map<std::string, SourceLocation> zone;             ///< DNS name -> its key
  std::map<std::string, std::vector<SourceLocation>> mx;  ///< DNS name -> each MX host
  std::map<std::string, std::vector<SourceLocation>> a;   ///< DNS name -> each A record
};

/// State shared by the readers of one load.
struct ReadContext {
  std::vector<LoadError>* errors = nullptr;
  std::vector<Reference> references;
  TopologyOrigins origins;
  std::vector<std::string> include_stack;  ///< canonical paths, to refuse include cycles
};

/// Parses a YAML file; syntax errors and unreadable files are recorded at `opened_from`
/// (or at 1:1 of the file). Returns an undefined node on failure.
YAML::Node parse_yaml_file(const std::filesystem::path& file, const std::string& reported_name,
                           std::vector<LoadError>& errors);

/// Reads a `topology:` mapping (or a topology file's root) into `out`, following `include`.
void read_topology(const yamlread::Source& source, const YAML::Node& node,
                   const std::filesystem::path& base_dir, ReadContext& context, TopologySpec& out);

/// Reads the `steps:` list.
void read_steps(const yamlread::Source& source, const YAML::Node& node,
                const std::filesystem::path& base_dir, ReadContext& context,
                std::vector<StepSpec>& out);

/// Checks the final topology (duplicate addresses, unreachable MX, dangling routing) and
/// every recorded reference against it.
void validate_topology(const TopologySpec& topology, ReadContext& context);

/// Checks scenario-wide rules: unique checkpoint and quiz ids, checkpoint ids present in
/// both languages of the lesson.
void validate_steps(const ScenarioSpec& scenario, const std::filesystem::path& lessons_dir,
                    bool check_lesson_checkpoints, const SourceLocation& lesson_where,
                    ReadContext& context);

}  // namespace smtplab::lab::scenario_detail
