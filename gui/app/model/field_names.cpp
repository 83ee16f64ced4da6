// The frame details tree in French (see field_names.hpp).
#include "gui/app/model/field_names.hpp"

#include <array>
#include <cstring>
#include <regex>
#include <string_view>
#include <utility>

namespace smtplab::app {
namespace {

/// Every field name capture/ gives a frame (link, IP, TCP), with its French name as the
/// French Wireshark and the RFCs' French translations say it.
constexpr std::array<std::pair<std::string_view, const char*>, 54> kFieldNames{{
    // Link layers
    {"Destination", "Destination"},
    {"Source", "Source"},
    {"802.1Q tag", "Étiquette 802.1Q"},
    {"TPID", "TPID"},
    {"VLAN ID", "Identifiant de VLAN"},
    {"Type", "Type"},
    {"Packet type", "Type de paquet"},
    {"ARPHRD type", "Type ARPHRD"},
    {"Address length", "Longueur de l'adresse"},
    {"Address", "Adresse"},
    {"Protocol", "Protocole"},
    {"Interface index", "Indice de l'interface"},
    {"Address family", "Famille d'adresses"},
    // IPv4 and IPv6
    {"Version", "Version"},
    {"Header length", "Longueur de l'en-tête"},
    {"Total length", "Longueur totale"},
    {"Identification", "Identification"},
    {"Flags", "Drapeaux"},
    {"Fragment offset", "Position du fragment"},
    {"Time to live", "Durée de vie (TTL)"},
    {"Header checksum", "Somme de contrôle de l'en-tête"},
    {"Options", "Options"},
    {"Payload length", "Longueur des données"},
    {"Next header", "En-tête suivant"},
    {"Hop limit", "Limite de sauts"},
    {"Extension headers", "En-têtes d'extension"},
    // TCP
    {"Source port", "Port source"},
    {"Destination port", "Port de destination"},
    {"Sequence number (raw)", "Numéro de séquence (brut)"},
    {"Acknowledgment number (raw)", "Numéro d'acquittement (brut)"},
    {"Sequence number (relative)", "Numéro de séquence (relatif)"},
    {"Acknowledgment number (relative)", "Numéro d'acquittement (relatif)"},
    {"Window", "Fenêtre"},
    {"Checksum (not verified)", "Somme de contrôle (non vérifiée)"},
    {"Urgent pointer", "Pointeur d'urgence"},
    {"End of options", "Fin des options"},
    {"No-operation", "Sans opération (NOP)"},
    {"Maximum segment size", "Taille maximale de segment (MSS)"},
    {"Window scale", "Facteur d'échelle de la fenêtre"},
    {"SACK permitted", "SACK autorisé"},
    {"SACK", "SACK (acquittements sélectifs)"},
    {"Timestamps", "Horodatages"},
    {"TCP payload", "Données TCP"},
    // Link types
    {"Ethernet", "Ethernet"},
    {"Linux cooked (SLL)", "Linux cooked (SLL)"},
    {"Linux cooked (SLL2)", "Linux cooked (SLL2)"},
    {"BSD loopback (NULL)", "Boucle locale BSD (NULL)"},
    {"OpenBSD loopback (LOOP)", "Boucle locale OpenBSD (LOOP)"},
    {"Raw IP", "IP brut"},
    {"Raw IPv4", "IPv4 brut"},
    {"Raw IPv6", "IPv6 brut"},
    // Names that are names (kept, listed so the table test knows them)
    {"Transmission Control Protocol", "Transmission Control Protocol"},
    {"Internet Protocol version 4", "Internet Protocol version 4"},
    {"Internet Protocol version 6", "Internet Protocol version 6"},
}};

/// Values with English words: "60 bytes on wire, 60 captured", "20 bytes", "shift 7",
/// "link type 147", "other", "Option 30", "Frame 12".
std::string french_value(const std::string& value) {
  static const std::regex on_wire(R"(^(\d+) bytes on wire, (\d+) captured$)");
  static const std::regex bytes(R"(^(\d+) bytes$)");
  static const std::regex shift(R"(^shift (\d+)$)");
  static const std::regex link(R"(^link type (\d+)$)");
  std::smatch m;
  if (std::regex_match(value, m, on_wire))
    return m[1].str() + " octets sur le fil, " + m[2].str() + " capturés";
  if (std::regex_match(value, m, bytes)) return m[1].str() + " octets";
  if (std::regex_match(value, m, shift)) return "décalage " + m[1].str();
  if (std::regex_match(value, m, link)) return "type de lien " + m[1].str();
  if (value == "other") return "autre";
  return value;
}

std::string french_name(const std::string& name) {
  if (const char* french = french_field_name(name)) return french;
  if (name.rfind("Frame ", 0) == 0) return "Trame " + name.substr(6);
  if (name.rfind("Option ", 0) == 0) return name;  // "Option 30": the same word
  return french_value(name);                       // a link type's name ("link type 147")
}

}  // namespace

const char* french_field_name(const std::string& english) {
  for (const auto& [name, french] : kFieldNames) {
    if (name == english) return french;
  }
  return nullptr;
}

capture::FieldNode localized_field_tree(capture::FieldNode node, Language language) {
  if (language == Language::En) return node;
  node.name = french_name(node.name);
  node.value = french_value(node.value);
  for (auto& child : node.children) child = localized_field_tree(std::move(child), language);
  return node;
}

}  // namespace smtplab::app
