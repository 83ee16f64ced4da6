// The French and English text of every UI label. One row per key, in enum order; a
// static_assert keeps the table and the enum the same length.
#include "gui/app/ui_text.hpp"

#include <array>

namespace smtplab::app {
namespace {

struct Entry {
  Text key;
  const char* fr;
  const char* en;
};

constexpr std::array kEntries = {
    Entry{Text::AppTitle, "SMTP Lab", "SMTP Lab"},
    Entry{Text::MenuFile, "Fichier", "File"},
    Entry{Text::MenuOpenCapture, "Ouvrir une capture…", "Open capture…"},
    Entry{Text::MenuQuit, "Quitter", "Quit"},
    Entry{Text::MenuView, "Affichage", "View"},
    Entry{Text::MenuPresentation, "Mode présentation", "Presentation mode"},
    Entry{Text::MenuLanguage, "Langue", "Language"},
    Entry{Text::MenuHelp, "Aide", "Help"},
    Entry{Text::MenuShortcuts, "Raccourcis clavier", "Keyboard shortcuts"},
    Entry{Text::PanelTopology, "Topologie", "Topology"},
    Entry{Text::PanelDialogue, "Dialogue SMTP", "SMTP dialogue"},
    Entry{Text::PanelFrames, "Trames", "Frames"},
    Entry{Text::PanelPacket, "Détail de la trame", "Frame details"},
    Entry{Text::PanelLesson, "Leçon", "Lesson"},
    Entry{Text::PanelConsole, "Console (telnet)", "Console (telnet)"},
    Entry{Text::PanelPlayback, "Lecture", "Playback"},
    Entry{Text::ColNo, "N°", "No."},
    Entry{Text::ColTime, "Temps", "Time"},
    Entry{Text::ColSource, "Source", "Source"},
    Entry{Text::ColDestination, "Destination", "Destination"},
    Entry{Text::ColProtocol, "Protocole", "Protocol"},
    Entry{Text::ColLength, "Longueur", "Length"},
    Entry{Text::ColInfo, "Info", "Info"},
    Entry{Text::FilterHint, "filtre : smtp, port 25, addr 10.0.0.1, verb MAIL, code 5…",
          "filter: smtp, port 25, addr 10.0.0.1, verb MAIL, code 5…"},
    Entry{Text::FilterApply, "Appliquer", "Apply"},
    Entry{Text::FilterClear, "Effacer", "Clear"},
    Entry{Text::FilterHelp,
          "Termes séparés par des espaces, tous exigés : smtp | tls | tcp, un numéro de port, "
          "une adresse (ou son début), un verbe (MAIL, RCPT…), un code de réponse (250, 5 pour "
          "tous les 5xx), ou clé=valeur avec addr, port, proto, verb, code.",
          "Space-separated terms, all required: smtp | tls | tcp, a port number, an address "
          "(or its start), a verb (MAIL, RCPT…), a reply code (250, or 5 for every 5xx), or "
          "key=value with addr, port, proto, verb, code."},
    Entry{Text::FramesShown, "%zu trames affichées sur %zu", "%zu of %zu frames shown"},
    Entry{Text::NoCapture,
          "Aucune capture ouverte. Ctrl+O pour ouvrir un fichier .pcap ou .pcapng.",
          "No capture open. Press Ctrl+O to open a .pcap or .pcapng file."},
    Entry{Text::Loading, "Ouverture de %s…", "Opening %s…"},
    Entry{Text::OpenCaptureTitle, "Ouvrir une capture", "Open a capture"},
    Entry{Text::OpenCapturePath, "Chemin du fichier .pcap / .pcapng",
          "Path of the .pcap / .pcapng file"},
    Entry{Text::Open, "Ouvrir", "Open"},
    Entry{Text::Cancel, "Annuler", "Cancel"},
    Entry{Text::ErrorTitle, "Erreur", "Error"},
    Entry{Text::ErrorCaptureHint,
          "Que faire : vérifiez le chemin et que le fichier est bien une capture .pcap ou "
          ".pcapng (tcpdump -w, Wireshark), puis rouvrez-le avec Ctrl+O.",
          "What to do: check the path and that the file is a .pcap or .pcapng capture "
          "(tcpdump -w, Wireshark), then open it again with Ctrl+O."},
    Entry{Text::ErrorPermissionHint,
          "Que faire : le fichier n'est pas lisible par votre utilisateur. Donnez-vous le droit "
          "de lecture (chmod o+r FICHIER) ou copiez la capture dans votre dossier.",
          "What to do: your user cannot read the file. Grant read access (chmod o+r FILE) or "
          "copy the capture into your own folder."},
    Entry{Text::Dismiss, "Fermer ce message", "Dismiss"},
    Entry{Text::Session, "Session", "Session"},
    Entry{Text::NoSessions, "Aucune session SMTP à afficher.", "No SMTP session to show."},
    Entry{Text::Client, "Client", "Client"},
    Entry{Text::Server, "Serveur", "Server"},
    Entry{Text::TlsBand, "TLS : la suite est chiffrée (après STARTTLS)",
          "TLS: everything after STARTTLS is encrypted"},
    Entry{Text::SeeRfc, "Référence : RFC %s", "Reference: RFC %s"},
    Entry{Text::NoFrameSelected, "Sélectionnez une trame.", "Select a frame."},
    Entry{Text::Hex, "Octets", "Bytes"},
    Entry{Text::Chapter, "Chapitre", "Chapter"},
    Entry{Text::LessonMissing, "Chapitre introuvable dans lessons/.",
          "Chapter not found in lessons/."},
    Entry{Text::NodeConfiguration, "Configuration du nœud", "Node configuration"},
    Entry{Text::NodeKindLabel, "Rôle", "Role"},
    Entry{Text::Address, "Adresse", "Address"},
    Entry{Text::Ports, "Ports", "Ports"},
    Entry{Text::Domains, "Domaines", "Domains"},
    Entry{Text::Mailboxes, "Boîtes aux lettres", "Mailboxes"},
    Entry{Text::Users, "Utilisateurs AUTH", "AUTH users"},
    Entry{Text::Smarthost, "Relais suivant", "Smarthost"},
    Entry{Text::RelayNetworks, "Réseaux autorisés à relayer", "Networks allowed to relay"},
    Entry{Text::DnsRecords, "DNS simulé", "Simulated DNS"},
    Entry{Text::ClickNodeHint, "Cliquez sur un nœud pour voir sa configuration.",
          "Click a node to see its configuration."},
    Entry{Text::NodeUp, "en service", "up"},
    Entry{Text::NodeDown, "arrêté", "down"},
    Entry{Text::NodeFaulted, "perturbé", "faulted"},
    Entry{Text::QueueSize, "file", "queue"},
    Entry{Text::EnvelopeInFlight, "message en cours", "message in flight"},
    Entry{Text::NodeMenuHint, "Clic droit sur un nœud : injecter une panne.",
          "Right-click a node: inject a fault."},
    Entry{Text::NodeSessions, "Sessions", "Sessions"},
    Entry{Text::NodeLog, "Journal", "Log"},
    Entry{Text::NodeSettings, "Configuration", "Configuration"},
    Entry{Text::NodeLogEmpty, "Rien ne s'est encore passé ici.", "Nothing has happened here yet."},
    Entry{Text::SessionOpen, "en cours", "open"},
    Entry{Text::ActiveFaults, "Pannes actives", "Active faults"},
    Entry{Text::FaultMenuTitle, "Injecter une panne", "Inject a fault"},
    Entry{Text::FaultNodeDown, "Arrêter le nœud (connexions refusées)",
          "Node down (connections refused)"},
    Entry{Text::FaultReply, "Répondre un code à une commande", "Reply a code to a command"},
    Entry{Text::FaultCode, "Code", "Code"},
    Entry{Text::FaultVerb, "Commande", "Command"},
    Entry{Text::FaultInject, "Injecter", "Inject"},
    Entry{Text::FaultDelay, "Retarder les réponses", "Delay replies"},
    Entry{Text::FaultDelayMs, "délai (ms)", "delay (ms)"},
    Entry{Text::FaultDropData, "Couper la connexion pendant DATA",
          "Drop the connection during DATA"},
    Entry{Text::FaultStripStartTls, "Retirer STARTTLS (homme du milieu)",
          "Strip STARTTLS (man in the middle)"},
    Entry{Text::FaultModifyBody, "Modifier le corps relayé (casse DKIM)",
          "Modify the relayed body (breaks DKIM)"},
    Entry{Text::FaultFillMailbox, "Remplir une boîte aux lettres", "Fill a mailbox"},
    Entry{Text::FaultBreakDns, "Casser le DNS (SERVFAIL) pour", "Break DNS (SERVFAIL) for"},
    Entry{Text::FaultClear, "Lever les pannes du nœud", "Clear the node's faults"},
    Entry{Text::FaultNeedsLab,
          "Démarrez le lab (Lab > Démarrer la topologie) pour injecter une panne.",
          "Start the lab (Lab > Start the topology) to inject a fault."},
    Entry{Text::FaultMuaNone, "Un MUA n'a pas de serveur à perturber.",
          "A MUA has no server to break."},
    Entry{Text::FaultTextDown, "arrêté : ses connexions sont refusées",
          "down: its connections are refused"},
    Entry{Text::FaultTextReply, "répond %s à %s", "answers %s to %s"},
    Entry{Text::FaultTextDelay, "attend %s ms avant chaque réponse",
          "waits %s ms before each reply"},
    Entry{Text::FaultTextDropData, "coupe la connexion pendant DATA (après %s octets)",
          "drops the connection during DATA (after %s octets)"},
    Entry{Text::FaultTextStripStartTls, "un homme du milieu retire STARTTLS de sa réponse EHLO",
          "a man in the middle strips STARTTLS from its EHLO reply"},
    Entry{Text::FaultTextModifyBody, "ajoute un pied de page au corps de ce qu'il relaie",
          "adds a footer to the body of what it relays"},
    Entry{Text::FaultTextFillMailbox, "boîte aux lettres pleine : %s", "mailbox full: %s"},
    Entry{Text::FaultTextBreakDns, "DNS en panne (SERVFAIL) pour %s",
          "DNS broken (SERVFAIL) for %s"},
    Entry{Text::ConsoleHost, "Hôte:port", "Host:port"},
    Entry{Text::ConsoleConnect, "Se connecter", "Connect"},
    Entry{Text::ConsoleDisconnect, "Se déconnecter", "Disconnect"},
    Entry{Text::ConsoleSend, "Envoyer", "Send"},
    Entry{Text::ConsoleConnected, "Connecté à %s", "Connected to %s"},
    Entry{Text::ConsoleNotConnected, "Non connecté.", "Not connected."},
    Entry{Text::ConsoleConnecting, "Connexion à %s…", "Connecting to %s…"},
    Entry{Text::ConsoleHint,
          "Tapez une commande SMTP puis Entrée (CRLF est ajouté). Flèches haut/bas : historique.",
          "Type an SMTP command and press Enter (CRLF is added). Up/Down: history."},
    Entry{Text::Play, "Lecture", "Play"},
    Entry{Text::Pause, "Pause", "Pause"},
    Entry{Text::StepBack, "« Échange précédent", "« Previous exchange"},
    Entry{Text::StepForward, "Échange suivant »", "Next exchange »"},
    Entry{Text::Restart, "Début", "Restart"},
    Entry{Text::Speed, "Vitesse", "Speed"},
    Entry{Text::EventOf, "Événement %zu / %zu", "Event %zu / %zu"},
    Entry{Text::NoTimeline, "Pas encore d'événements.", "No events yet."},
    Entry{Text::SourceCapture, "Source : capture %s", "Source: capture %s"},
    Entry{Text::ShortcutsTitle, "Raccourcis clavier", "Keyboard shortcuts"},
    Entry{Text::ShortcutSpace, "Espace : lecture / pause", "Space: play / pause"},
    Entry{Text::ShortcutArrows, "Flèches gauche / droite : échange précédent / suivant",
          "Left / Right arrows: previous / next exchange"},
    Entry{Text::ShortcutCtrlO, "Ctrl+O : ouvrir une capture", "Ctrl+O: open a capture"},
    Entry{Text::ShortcutF11, "F11 : mode présentation", "F11: presentation mode"},
    Entry{Text::ShortcutHelp, "? : cette liste", "?: this list"},
    Entry{Text::Close, "Fermer", "Close"},
    Entry{Text::Messages, "Messages", "Messages"},
    Entry{Text::ScenarioHint,
          "Que faire : corrigez le fichier à l'endroit indiqué (voir docs/scenario-format.md) "
          "puis relancez ; en attendant, la topologie par défaut est affichée.",
          "What to do: fix the file where shown (see docs/scenario-format.md) and start again; "
          "meanwhile the default topology is shown."},
    Entry{Text::MenuResetLayout, "Rétablir la disposition", "Reset layout"},
    Entry{Text::MenuLab, "Lab", "Lab"},
    Entry{Text::LabStart, "Démarrer la topologie", "Start the topology"},
    Entry{Text::LabSendMail, "Envoyer un message de test", "Send a test message"},
    Entry{Text::LabStepMode, "Pas à pas", "Step by step"},
    Entry{Text::LabShowLive, "Afficher le lab en direct", "Show the live lab"},
    Entry{Text::LabStartHint,
          "Que faire : un port est peut-être déjà pris (smtplab serve, un autre lab) ; arrêtez "
          "l'autre programme puis redémarrez la topologie depuis le menu Lab.",
          "What to do: a port may already be in use (smtplab serve, another lab); stop the "
          "other program, then start the topology again from the Lab menu."},
    Entry{Text::FontMissing,
          "Que faire : installez le paquet fonts-dejavu-core pour afficher les accents.",
          "What to do: install the fonts-dejavu-core package so accents display."},
    Entry{Text::PanelMail, "Boîtes aux lettres et files", "Mailboxes and queues"},
    Entry{Text::MailNoLab,
          "Démarrez le lab (menu Lab) pour voir ses files d’attente et ses boîtes aux lettres.",
          "Start the lab (Lab menu) to see its queues and mailboxes."},
    Entry{Text::MailQueueOf, "File d’attente de %s", "Queue of %s"},
    Entry{Text::QueueEmpty, "file vide", "queue empty"},
    Entry{Text::ColMessage, "Message", "Message"},
    Entry{Text::ColRecipients, "Destinataires", "Recipients"},
    Entry{Text::ColAttempts, "Essais", "Attempts"},
    Entry{Text::ColNextRetry, "Prochain essai", "Next retry"},
    Entry{Text::ColLastError, "Dernière erreur", "Last error"},
    Entry{Text::ColFrom, "De", "From"},
    Entry{Text::ColSubject, "Objet", "Subject"},
    Entry{Text::ColDate, "Date", "Date"},
    Entry{Text::MailboxEmpty, "Aucun message.", "No messages."},
    Entry{Text::PanelMessage, "Message", "Message"},
    Entry{Text::TabRaw, "Source brute", "Raw source"},
    Entry{Text::TabHeaders, "En-têtes", "Headers"},
    Entry{Text::TabPath, "Chemin (Received)", "Path (Received)"},
    Entry{Text::TabMime, "Arbre MIME", "MIME tree"},
    Entry{Text::TabText, "Texte décodé", "Decoded text"},
    Entry{Text::TabAttachments, "Pièces jointes", "Attachments"},
    Entry{Text::PathHint,
          "Le premier saut en haut : chaque serveur ajoute son Received au-dessus des autres.",
          "First hop at the top: each server adds its Received field above the others."},
    Entry{Text::SaveFolder, "Dossier", "Folder"},
    Entry{Text::SaveToDisk, "Enregistrer sur le disque", "Save to disk"},
    Entry{Text::SavedTo, "Enregistré dans %s", "Saved to %s"},
    Entry{Text::NoAttachments, "Aucune pièce jointe.", "No attachments."},
    Entry{Text::NoTextPart, "Aucune partie texte.", "No text part."},
    Entry{Text::TabExercise, "Exercice", "Exercise"},
    Entry{Text::StepOf, "Étape %d sur %d", "Step %d of %d"},
    Entry{Text::PrevStep, "Précédente", "Previous"},
    Entry{Text::NextStep, "Suivante", "Next"},
    Entry{Text::Checkpoints, "Points de contrôle", "Checkpoints"},
    Entry{Text::Quizzes, "Questions", "Quiz"},
    Entry{Text::AnswerQuiz, "Répondre", "Answer"},
    Entry{Text::QuizRight, "Bonne réponse.", "Right."},
    Entry{Text::QuizWrong, "Mauvaise réponse.", "Wrong."},
    Entry{Text::ExerciseNone, "Aucun scénario ouvert (--scenario).",
          "No scenario open (--scenario)."},
    Entry{Text::PanelCapture, "Capture en direct", "Live capture"},
    Entry{Text::CaptureInterface, "Interface", "Interface"},
    Entry{Text::CaptureFilter, "Filtre BPF", "BPF filter"},
    Entry{Text::CaptureFilterHelp,
          "Prérempli avec les adresses et les ports de la topologie (syntaxe de tcpdump) ; "
          "modifiez-le pour capturer autre chose.",
          "Prefilled with the topology's addresses and ports (tcpdump syntax); edit it to capture "
          "something else."},
    Entry{Text::CaptureFilterReset, "Filtre de la topologie", "Topology's filter"},
    Entry{Text::CaptureStart, "Démarrer", "Start"},
    Entry{Text::CaptureStop, "Arrêter", "Stop"},
    Entry{Text::CaptureIdle, "Aucune capture en cours.", "No capture running."},
    Entry{Text::CaptureStarting, "Ouverture de l’interface…", "Opening the interface…"},
    Entry{Text::CaptureRunning, "Capture en cours sur %s", "Capturing on %s"},
    Entry{Text::CaptureStopping, "Arrêt de la capture…", "Stopping the capture…"},
    Entry{Text::CaptureStopped, "Capture arrêtée", "Capture stopped"},
    Entry{Text::CaptureFailed, "Capture impossible", "Capture failed"},
    Entry{Text::CaptureFrames, "Trames", "Frames"},
    Entry{Text::CaptureKernelDrops, "Pertes noyau", "Kernel drops"},
    Entry{Text::CaptureQueueDrops, "Pertes file", "Queue drops"},
    Entry{Text::CaptureSessions, "Sessions SMTP", "SMTP sessions"},
    Entry{Text::CaptureSaveAs, "Enregistrer sous (.pcap ou .pcapng)", "Save as (.pcap or .pcapng)"},
    Entry{Text::CaptureSave, "Enregistrer", "Save"},
    Entry{Text::CaptureSaved, "%llu trames enregistrées dans « %s »", "%llu frames saved to “%s”"},
    Entry{Text::CaptureNothingToSave, "Aucune trame à enregistrer.", "No frames to save."},
    Entry{Text::CaptureOpenFile, "Ouvrir un fichier .pcap(ng)…", "Open a .pcap(ng) file…"},
    Entry{Text::CaptureShowInViews, "Afficher dans les vues", "Show in the views"},
    Entry{Text::CaptureViewsFollow, "Les vues Trames, Détail et Dialogue montrent cette capture.",
          "The Frames, Details and Dialogue views show this capture."},
    Entry{Text::CapturePermissionHint,
          "Que faire : capturer demande les droits CAP_NET_RAW et CAP_NET_ADMIN. Lancez SMTP Lab "
          "en root, ou accordez-les une fois avec la commande setcap indiquée. Le reste du lab, et "
          "l’analyse de fichiers, fonctionnent sans.",
          "What to do: capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities. Run SMTP "
          "Lab as root, or grant them once with the setcap command shown. The rest of the lab, and "
          "analysing files, work without them."},
    Entry{Text::CaptureFailedHint,
          "Que faire : vérifiez le nom de l’interface et le filtre BPF (syntaxe de tcpdump), puis "
          "relancez la capture.",
          "What to do: check the interface name and the BPF filter (tcpdump syntax), then start "
          "the capture again."},
};
static_assert(kEntries.size() == static_cast<std::size_t>(Text::Count),
              "one catalogue entry per Text key");

constexpr bool keys_in_order() {
  for (std::size_t i = 0; i < kEntries.size(); ++i) {
    if (static_cast<std::size_t>(kEntries[i].key) != i) return false;
  }
  return true;
}
static_assert(keys_in_order(), "catalogue entries follow the Text enum order");

}  // namespace

std::string_view language_code(Language language) {
  return language == Language::Fr ? "fr" : "en";
}

const char* tr(Language language, Text key) {
  const Entry& entry = kEntries[static_cast<std::size_t>(key)];
  return language == Language::Fr ? entry.fr : entry.en;
}

}  // namespace smtplab::app
