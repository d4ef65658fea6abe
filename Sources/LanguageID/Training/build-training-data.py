#!/usr/bin/env python3
"""Build language-identification training text from Debian 12 (bookworm) packages.

usage:
  python3 build-training-data.py OUT [--work DIR] [--max-mb-per-lang 2] [--heldout-share 0.1]
                                     [--jobs 2] [--no-gimp] [--keep-work]

Writes OUT/train/<lang>.txt, OUT/heldout/<lang>.txt (one cleaned sentence or paragraph per line,
NFC, UTF-8, unique lines), OUT/stats.tsv, OUT/packages.tsv, OUT/split.tsv and OUT/dropped.tsv.
See README.md next to this file for the sources, the cleaning rules and the held-out method.

Only the Python standard library is used.  External programs: apt-get, apt-cache, dpkg-deb and
/usr/lib/apt/apt-helper (all part of apt/dpkg on Debian).  Nothing is installed unless the
tesseract tools unpacked from their .deb files cannot run, in which case `apt-get install
tesseract-ocr` is used as a fallback.  Scratch data lives in --work (never inside the repo).

Pipeline (each stage is a function below):
  1. indexes   private apt lists folder holding the DDTP Translation-<ll> indexes
  2. download  `apt-get download` of the package set (reuses .deb files already in WORK/debs)
  3. extract   every .deb is streamed through `dpkg-deb --fsys-tarfile` into Python's tarfile;
               interesting members are parsed in memory (nothing is unpacked to disk except the
               tesseract binaries).  Output: WORK/raw/<package>/<lang>.<kind>.tsv records
               (source, package, group, document, text) plus English reference keys.
  4. clean     per language: normalise, strip markup, filter, drop English, dedup
  5. cross     drop lines that occur in two or more languages
  6. split     per language: held-out by source group, capped deterministic train subset,
               word-list pseudo-text for mt/lb/fo
"""
import argparse
import bz2
import gzip
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from array import array
from collections import Counter, defaultdict
from html.parser import HTMLParser
from multiprocessing import get_context

# ================================================================================================
# Languages
# ================================================================================================
MODEL_LANGS = ("bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv ca eu gl cy lb br "
               "gd fy oc co sc se hsb dsb nb nn is fo uk ru be sr bs mk sq tr").split()
# Languages census does not identify, in Latin and Cyrillic script (common on the web, translated in Debian):
# their text trains the pooled class `mis` ("other language"), so that such text is `und` and never
# inflates a language census reports. Those named by --unseen stay out of `mis` and test how it generalises
# to languages it never saw (EVALUATION.md: --unseen "tl fil ky ast wa"); the shipped model uses them all.
OTHER_LANGS = ("af ast az eo id ms vi sw uz ku ha zu xh ia tk crh rw wa la kab so yo ig mg ht ceb jv su tl fil "
               "kk ky tt mn tg ba cv").split()
UNSEEN_OTHER = []
LANGS = MODEL_LANGS + OTHER_LANGS
LANGSET = frozenset(LANGS)
CYRILLIC_LANGS = frozenset("bg ru uk be mk kk ky tt mn tg ba cv".split())
WORDLIST_LANGS = {"mt": "mlt", "lb": "ltz", "fo": "fao"}   # lang -> tesseract code
# words of these languages' cleaned text are removed from the mt/lb/fo word lists (besides English)
WORDLIST_EXCLUDE = {"mt": ["en", "it"], "lb": ["en", "de", "fr", "nl"], "fo": ["en", "da", "nb"]}
VOCAB_LANGS = sorted({l for v in WORDLIST_EXCLUDE.values() for l in v})

# English variants that are not the reference English ('C' and en/en_US are)
OTHER_ENGLISH = re.compile(r"^en[_-](?!us\b)", re.I)


def lang_of(code):
    """Locale-ish code (de_DE.UTF-8, sr@latin, pt-BR, nb-NO, C ...) -> target code or None."""
    if not code:
        return None
    if code in ("C", "POSIX", "en", "en_US", "en-US", "en_US.UTF-8"):
        return "en"
    if OTHER_ENGLISH.match(code):
        return None
    base = re.split(r"[_.@-]", code, maxsplit=1)[0].lower()
    if base == "no":
        base = "nb"
    return base if base in LANGSET else None


# ================================================================================================
# Package set.  Chosen once from bookworm's Contents and Packages indexes (see README):
#  * DOCS: packages with translated prose/documentation, grouped by what they feed;
#  * UI: gettext catalogue packages picked by a greedy "rare-language coverage per downloaded MB"
#    score (every package of <4 MB carrying catalogues for mt dsb co lb sc fo hsb, then the best
#    coverage-per-MB packages up to ~250 MB);
#  * WORDLIST: tesseract language data + the tools to unpack it, and the Faroese hunspell list.
# Packages that do not exist any more are reported and skipped.
# ================================================================================================
DOC_PACKAGES = {
    "libreoffice-help": "ca cs da de el en-us es et eu fi fr gl hu it nl pl pt pt-br ru sl sv tr",
    "libreoffice-l10n": "be bg br bs ca cs cy da de el es et eu fi fr ga gd gl hr hu is it lt lv mk "
                        "nb nl nn oc pl pt pt-br ro ru sk sl sr sv tr uk",
    "firefox-esr-l10n": "be bg br bs ca cs cy da de dsb el es-es et eu fi fr fy-nl ga-ie gd gl hr "
                        "hsb hu is it lt lv mk nb-no nl nn-no oc pl pt-br pt-pt ro ru sc sk sl sq "
                        "sr sv-se tr uk",
    "thunderbird-l10n": "be bg br ca cs cy da de dsb el es-es et eu fi fr fy-nl ga-ie gd gl hr hsb "
                        "hu is it lt lv nb-no nl nn-no pl pt-br pt-pt ro ru sk sl sq sr sv-se tr uk",
    "manpages": "cs da de el es fi fr hu it mk nb nl pl pt-br ro ru sr sv tr uk",
    "fortunes": "bg br cs de es ga it pl ru",
    "debian-reference": "de en es fr it pt",
    "maint-guide": "ca de es fr it ru",
    "debian-faq": "de fr it nl pt ru",
    "developers-reference": "de fr it ru",
    "debian-edu-doc": "da de en es fr it nb-no nl pt-br pt-pt legacy-nb-no legacy-nl legacy-pl "
                      "legacy-pt-br legacy-sv legacy-uk",
}
DOC_SINGLE = """manpages debian-handbook installation-guide-amd64 maint-guide debian-faq
developers-reference debian-history klavaro vim-runtime gnome-user-docs mate-user-guide
atril-common mate-calc-common evince-common caja-actions-common mate-applets-common aisleriot eog
gedit-common totem-common mate-system-monitor-common gnome-calculator mate-control-center-common
evolution-common simple-scan pluma-plugins-common mate-user-share-common engrampa-common
gnome-dictionary parlatype mate-utils-common gnome-terminal-data anjuta-common
mate-sensors-applet-common orca baobab gnome-system-monitor mate-panel-common zenity-common
cheese-common mate-power-manager-common seahorse gthumb-data gnome-music gbrainy deja-dup
epiphany-browser-data file-roller font-manager-common kio-extras-data kio kdepim-themeeditors kdf
kde-cli-tools-data kio-gopher plasma-desktop-data konqueror kwin-data knotes kio-audiocd kamera kfind
kfloppy kio-gdrive kcharselect kgamma5 kcalc ktimer okteta kollision kde-config-cddb kjumpingcube
plasma-workspace-data kiriki bovo kwrite systemsettings powerdevil-data ksquares"""
GIMP_PACKAGES = "gimp-help-en gimp-help-nn gimp-help-lt gimp-help-ro"
WORDLIST_PACKAGES = """tesseract-ocr-mlt tesseract-ocr-ltz tesseract-ocr-fao tesseract-ocr-eng myspell-fo"""
TESS_TOOL_PACKAGES = """tesseract-ocr libtesseract5 liblept5 libarchive13 libopenjp2-7 libwebpmux3
libsharpyuv0"""
UI_PACKAGES = """
accountsservice accountwizard akira akonadi-contacts-data akonadi-mime-data alacarte
alarm-clock-applet alkimia-data almanah apper-data appstream-util arandr aravis-tools
arctica-greeter asunder at-spi2-common atomix-data atril-common audacious audacity-data
ayatana-indicator-bluetooth ayatana-indicator-common ayatana-indicator-datetime
ayatana-indicator-display ayatana-indicator-keyboard ayatana-indicator-messages
ayatana-indicator-notifications ayatana-indicator-power ayatana-indicator-printers
ayatana-indicator-session ayatana-indicator-sound ayatana-settings ayatana-webmail backintime-common
baloo-kf5 baobab bijiben bison bleachbit bluedevil bookworm bovo byzanz caffeine cairo-dock-core
caja-common caja-extensions-common caja-seahorse calligrawords-data caribou catfish
cinnamon-desktop-data cinnamon-l10n clamtk colord-data colord-kde command-not-found console-common
content-hub cups-pk-helper cvsservice d-feet dc3dd debconf-i18n debconf-kde-data
debian-edu-router-config debian-edu-router-fai deja-dup deluge-common devhelp-common dialect dialog
dino-im-common diodon dolphin-plugins drkonqi easyssh encfs endeavour-common engrampa-common
eog-plugins-common eom-common epoptes exif file-roller filezilla-common folks-common four-in-a-row
fprintd freedink-engine gammastep gcab gcr gdebi-core gdm3 geany-common gedit-plugins-common
gettext-base gftp-common ghex giara gigolo gimagereader-common glib-networking-common gmpc-plugins
gmult gnome-2048 gnome-bluetooth-3-common gnome-bluetooth-common gnome-calendar gnome-calls
gnome-characters gnome-chess gnome-clocks gnome-connections gnome-console gnome-contacts
gnome-control-center-data gnome-desktop3-data gnome-dictionary gnome-flashback-common
gnome-font-viewer gnome-initial-setup gnome-logs gnome-menus gnome-mines gnome-multi-writer
gnome-music gnome-nettool gnome-nibbles gnome-paint gnome-power-manager gnome-remote-desktop
gnome-robots gnome-screensaver gnome-screenshot gnome-session-common gnome-settings-daemon-common
gnome-shell-common gnome-shell-extension-weather gnome-shell-extensions gnome-sound-recorder
gnome-sudoku gnome-sushi gnome-system-monitor gnome-tweaks gnome-usage gnome-user-share
gnome-weather go-for-it goobox gpicview gstreamer1.0-plugins-bad gstreamer1.0-plugins-good
gstreamer1.0-plugins-ugly gtetrinet gtk2-engines gucharmap gufw guvcview gvfs-common gyrus
hamster-time-tracker handbrake hello hello-traditional hitori hunspell iagno indent iptux iso-codes
isomaster kaccounts-integration kaccounts-providers kactivitymanagerd kaddressbook-data kamera
kamoso kapptemplate karbon kazam kblackbox kcalc kcharselect kcolorchooser kde-cli-tools-data
kde-config-cddb kde-config-mobile-networking kde-config-plymouth kde-config-screenlocker
kde-config-sddm kde-config-tablet kde-config-telepathy-accounts kde-spectacle kde-style-breeze
kde-style-oxygen-qt5 kde-telepathy-approver kde-telepathy-auth-handler kde-telepathy-call-ui
kde-telepathy-contact-list kde-telepathy-data kde-telepathy-desktop-applets
kde-telepathy-filetransfer-handler kde-telepathy-integration-module kde-telepathy-send-file
kde-telepathy-text-ui kde-zeroconf kdebugsettings kdeconnect kdenetwork-filesharing kdepim-addons
kdepim-runtime kdepim-themeeditors kdeplasma-addons-data kdesdk-thumbnailers kdevelop-l10n
kdevelop-php-l10n kdevelop-python-l10n kdf kdialog kdiff3 kdoctools5 keditbookmarks kexi-data
kf5-messagelib-data kfind kfloppy kgamma5 khotkeys-data kinfocenter kinit kio kio-audiocd
kio-extras-data kio-gdrive kio-gopher kio-ldap kio-perldoc kipi-plugins-common kirigami-addons-data
kiriki kjots kjumpingcube kmag kmenuedit kmousetool knotes kollision kompare kongress konq-plugins
konsole konsolekalendar kontact korganizer kpartloader krdc krfb kross kruler kscreen ksnakeduel
kspaceduel ksquares ksshaskpass kteatime ktexteditor-data ktimer ktimetracker kubrick kuiviewer
kwalletmanager kwin-data kwin-decoration-oxygen kwin-style-breeze l3afpad latte-dock libalpm13
libamtk-5-common libavahi-common-data libbytesize-common libclutter-1.0-common libcogl-common
libcrack2 libdnf2-common libendless-0-common libepc-common libexo-2-0 libfilezilla-common libfm-data
libgammu-i18n libgarcon-common libgdata-common libgdk-pixbuf2.0-common libgdl-3-common
libgeonames-common libgnome-games-support-common libgnomecanvas2-common libgnomekbd-common
libgoa-1.0-common libgovirt-common libgranite-7-common libgranite-common libgrilo-0.3-0
libgsf-1-common libgspell-1-common libgtksourceview-3.0-common libgtksourceview-4-common
libgtksourceview-5-common libgtkspell0 libgtkspell3-3-0 libgtop2-common libjson-glib-1.0-common
libkdecorations2-5v5 libkeduvocdocument-data libkf5akonadi-data libkf5akonadi-dev-bin
libkf5akonadicalendar-data libkf5akonadinotes5 libkf5akonadisearch-bin libkf5baloowidgets5
libkf5calendarsupport-data libkf5calendarutils5 libkf5cddb5 libkf5compactdisc5
libkf5configwidgets-data libkf5contacts-data libkf5dav-data libkf5declarative-data
libkf5eventviews-data libkf5filemetadata-data libkf5grantleetheme5 libkf5gravatar-data
libkf5i18n-data libkf5iconthemes-data libkf5identitymanagement5 libkf5imap-data
libkf5incidenceeditor-data libkf5jsembed-data libkf5kcmutils-data libkf5kdegames7
libkf5kdelibs4support-data libkf5khtml-data libkf5kmahjongglib5 libkf5konq6 libkf5kontactinterface5
libkf5ksieve-data libkf5ldap-data libkf5libkdepim-data libkf5libkleo-data libkf5mailcommon-data
libkf5mailimporter5 libkf5mailtransport-data libkf5mime-data libkf5newstuff-data
libkf5notifyconfig-data libkf5package-data libkf5parts-data libkf5people-data libkf5pimcommon-data
libkf5pimtextedit-data libkf5pty-data libkf5purpose-bin libkf5sane-data libkf5service-data
libkf5su-data libkf5sysguard-data libkf5textwidgets-data libkf5tnef5 libkf5unitconversion-data
libkf5wallet-data libkf5xmlgui-data libkf5xmlrpcclient-data libkomparediff2-5 libkpimitinerary-data
libkpimsmtp-data libkpipewire5 libksanecore1 libktorrent-l10n libmatekbd-common libmatemixer-common
libmypaint-common libnewt0.52 libnma-common libokteta-l10n liboxygenstyleconfig5-5 libpam-runtime
libpanel-common libpeas-common libphodav-3.0-common libpipewire-0.3-common libplank-common libpopt0
libpwquality-common librda-common libsecret-common libshumate-common libsoup-3.0-common
libsoup2.4-common libsugarext-data libtemplate-glib-common libtepl-common libtotem-plparser-common
libuser libvte-2.91-common libvte-common libwnck-3-common libwnck-common libxfce4ui-common
libxfce4util-common libzypp-common light-locker lightdm lightdm-gtk-greeter
lightdm-gtk-greeter-settings lightdm-settings lightsoff lomiri-calculator-app lomiri-camera-app
lomiri-clock-app lomiri-common lomiri-docviewer-app lomiri-filemanager-app lomiri-gallery-app-common
lomiri-indicator-network lomiri-indicator-transfer-common lomiri-mediaplayer-app-common
lomiri-music-app lomiri-system-settings lomiri-telephony-service lomiri-terminal-app
lomiri-ui-toolkit-examples lomiri-url-dispatcher lxappearance lxappearance-obconf lxdm lxinput
lxlauncher lxpanel-data lxrandr lxsession-data lxtask lxterminal malcontent marco-common
markdownpart massif-visualizer mate-applet-brisk-menu mate-calc-common mate-control-center-common
mate-desktop-common mate-indicator-applet-common mate-media-common mate-menu mate-menus
mate-netbook-common mate-notification-daemon-common mate-panel-common mate-polkit-common
mate-sensors-applet-common mate-session-manager mate-settings-daemon-common
mate-system-monitor-common mate-terminal-common mate-tweak mate-user-share-common mbox-importer menu
menulibre metacity-common milou mintstick morph-browser mousetweaks mozo msitools muffin-common
mugshot mutter-common mypaint-data nautilus-share network-manager-fortisslvpn network-manager-iodine
network-manager-l2tp network-manager-openvpn network-manager-pptp network-manager-ssh-gnome
network-manager-sstp network-manager-vpnc nfoview notification-daemon obconf obsession okteta
okular-backend-odp okular-backend-odt okular-extra-backends okular-mobile onboard-common
onioncircuits openpgp-applet p11-kit packagekit pacman-package-manager palapeli-data paprefs
pastebinit pavucontrol pcmanfm phog php-horde-alarm php-horde-argv php-horde-browser php-horde-cli
php-horde-compress php-horde-crypt php-horde-data php-horde-date php-horde-exception php-horde-form
php-horde-icalendar php-horde-image php-horde-imsp php-horde-itip php-horde-kolab-storage
php-horde-logintasks php-horde-mime php-horde-mime-viewer php-horde-nls php-horde-perms
php-horde-prefs php-horde-rpc php-horde-service-facebook php-horde-share php-horde-syncml
php-horde-text-filter php-horde-token php-horde-vfs picard pipewire-media-session planner-data
plasma-bigscreen plasma-browser-integration plasma-dialer plasma-discover-common plasma-disks
plasma-integration plasma-mobile plasma-nano plasma-nm plasma-pa plasma-pass plasma-phonebook
plasma-remotecontrollers plasma-runner-telepathy-contact plasma-sdk plasma-settings
plasma-systemmonitor plasma-thunderbolt plasma-vault pluma-plugins-common pmount poedit-common
polari policycoreutils policykit-1-gnome polkit-kde-agent-1 powerdevil-data print-manager pyhoca-gui
python-apt-common python-caja-common python3-formencode python3-sepolgen python3-sphinx-book-theme
python3-sphinxcontrib.applehelp python3-sphinxcontrib.devhelp python3-sphinxcontrib.htmlhelp
python3-sphinxcontrib.qthelp python3-sphinxcontrib.serializinghtml python3-wtforms
qml-module-lomiri-components qml-module-lomiri-components-extras
qml-module-lomiri-settings-components qmlkonsole qreator quadrapassel realmd rednotebook redshift
remote-logon-service renameutils rhythmbox-plugin-alternative-toolbar ristretto ruby-gettext
seahorse-daemon seahorse-nautilus shared-mime-info shutter simple-ccsm slick-greeter snapper
software-properties-common sosreport sound-juicer soundconverter spek step subdownloader
sugar-browse-activity sugar-calculate-activity sugar-chat-activity sugar-imageviewer-activity
sugar-jukebox-activity sugar-log-activity sugar-pippy-activity sugar-read-activity sugar-session
sugar-terminal-activity sugar-write-activity svgpart sweeper swell-foop synaptic sysstat
systemsettings tali tasksel tasksel-data telegnome terminator thunar-archive-plugin
thunar-media-tags-plugin thunar-vcs-plugin thunar-volman totem-common tracker transmission-gtk
tumbler-common tuxpaint-config udisks2 ukui-media-common ukui-menus ukwm-common usermetricsservice
usermode vala-panel-appmenu-common vala-panel-common vdr-plugin-examples viewnior vino wdiff
wireplumber xapps-common xdg-desktop-portal-gnome xdg-desktop-portal-kde xdg-user-dirs
xdg-user-dirs-gtk xfce4-appfinder xfce4-battery-plugin xfce4-clipman xfce4-cpufreq-plugin
xfce4-cpugraph-plugin xfce4-datetime-plugin xfce4-dict xfce4-diskperf-plugin xfce4-eyes-plugin
xfce4-fsguard-plugin xfce4-genmon-plugin xfce4-indicator-plugin xfce4-mailwatch-plugin
xfce4-mount-plugin xfce4-mpc-plugin xfce4-netload-plugin xfce4-notifyd xfce4-panel-profiles
xfce4-places-plugin xfce4-power-manager-data xfce4-pulseaudio-plugin xfce4-screenshooter
xfce4-sensors-plugin xfce4-session xfce4-smartbookmark-plugin xfce4-sntray-plugin-common
xfce4-systemload-plugin xfce4-taskmanager xfce4-timer-plugin xfce4-verve-plugin xfce4-wavelan-plugin
xfce4-whiskermenu-plugin xfce4-windowck-plugin xfconf xfwm4 yakuake yelp
"""


def package_set(with_gimp):
    pk = set(DOC_SINGLE.split()) | set(UI_PACKAGES.split()) | set(WORDLIST_PACKAGES.split())
    pk |= set(TESS_TOOL_PACKAGES.split())
    for prefix, suffixes in DOC_PACKAGES.items():
        pk |= {f"{prefix}-{s}" for s in suffixes.split()}
    if with_gimp:
        pk |= set(GIMP_PACKAGES.split())
    return sorted(pk)


# ================================================================================================
# Sources and kinds
# ================================================================================================
KIND_OF = {
    "ddtp": "prose", "manuals": "prose", "literary": "prose",
    "lo-help": "docs", "gimp-help": "docs", "kde-doc": "docs", "gnome-help": "docs", "man": "docs",
    "gettext": "ui", "gettext-msgid": "ui", "mozilla": "ui",
}
KINDS = ("prose", "docs", "ui")                 # priority order (dedup keeps the first instance)
KIND_SHARE = {"prose": 0.45, "docs": 0.30, "ui": 0.25}   # train budget targets, unused spills over
SEED = b"census-lid-v1"


def h64(*parts):
    d = hashlib.blake2b(digest_size=8, key=SEED)
    for p in parts:
        d.update(p if isinstance(p, bytes) else str(p).encode("utf-8"))
        d.update(b"\x1f")
    return int.from_bytes(d.digest(), "little")


# ================================================================================================
# Text cleaning
# ================================================================================================
RE_WS = re.compile(r"\s+")
RE_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029"
                          "\u2060-\u2064\ufeff\ufffc\ufffd]")
RE_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
RE_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,400}>|<!--.*?-->")
RE_URL = re.compile(r"(?:https?|ftp|file|mailto):\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
RE_PLACEHOLDER = re.compile(r"""
      %(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|ll|I64|[hlLqjzt])?[diouxXeEfFgGaAcspnS@]
    | %\([A-Za-z_][\w.-]*\)[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGa]
    | %\{[^{}]{0,60}\}
    | %[1-9]\d?
    | %%
    | \$\{[^{}]{0,60}\}
    | \$\([^()]{0,60}\)
    | \$[A-Za-z_]\w*
    | @[A-Za-z_][\w-]*@
    | \{\{[^{}]{0,60}\}\}
    | \{\s*[$-]?[\w.-]{0,60}(?:\([^()]{0,80}\))?\s*\}
    | \\[ntr]
""", re.X)
# accelerators in UI strings: GTK "_File", KDE/Qt/Mozilla "&File", LibreOffice "~File", "(_F)"
RE_ACCEL_SUFFIX = re.compile(r"\s*\(\s*[_&~]?[A-Za-z0-9]\s*\)(?=\s*(?:\.\.\.|…|:)?\s*$)")
RE_ACCEL = re.compile(r"(?:(?<=^)|(?<=[\s\w(\"'«„]))(?:[_~]|&(?![A-Za-z]{2,8};|#\d+;))(?=[^\W\d_])")
RE_NONLETTER = re.compile(r"[\W\d_]+")
RE_WORD = re.compile(r"[^\W\d_]+")
RE_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
RE_CYR_LETTER = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f]")
RE_GREEK_LETTER = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
RE_IDENTIFIER = re.compile(r"\b\w*_\w*_\w*\b")           # snake_case names with >= 2 underscores
RE_EMPTY_PAIR = re.compile(r"[(\[{<]\s*[)\]}>]|[\"“„«‘'‚‹]\s*[\"”“»’'‘›]")
# caption / section numbering at the start: "Fig. 13.11. ", "Pav. 17.4. ", "6.3. ", "Înapoi6.3. "
RE_NUMBERING = re.compile(r"^(?:[^\W\d_]{1,12}\.?\s*)?\d+\.(?:\d+\.?)*\s+(?=\S)")
CODE_CHARS = re.compile(r"[{}\[\]<>=\\|$#@*^~`/_]")
MAX_LINE = 1500


def _entity(m):
    return html.unescape(m.group(0))


def clean_text(s, ui):
    """One raw line -> cleaned line ('' if nothing is left)."""
    s = unicodedata.normalize("NFC", s)
    s = RE_INVISIBLE.sub("", s)
    if ui:
        s = RE_IDENTIFIER.sub(" ", s)
        s = RE_ACCEL_SUFFIX.sub("", s)
        s = s.replace("&&", "\x00")
        s = RE_ACCEL.sub("", s)
        s = s.replace("\x00", "&")
    s = RE_ENTITY.sub(_entity, s)
    s = RE_TAG.sub(" ", s)
    s = RE_URL.sub(" ", s)
    s = RE_PLACEHOLDER.sub(" ", s)
    s = RE_EMPTY_PAIR.sub(" ", s)
    s = RE_WS.sub(" ", s).strip(" \t-–—*•·|:;,")
    s = RE_NUMBERING.sub("", s)
    return unicodedata.normalize("NFC", s)


def words_of(s):
    return RE_WORD.findall(s.casefold())


def key_of_words(words):
    return h64(" ".join(words))


def split_long(s):
    """Very long paragraphs are split at sentence ends into chunks of at most MAX_LINE chars."""
    if len(s) <= MAX_LINE:
        return [s]
    out, cur = [], ""
    for sent in re.split(r"(?<=[.!?…])\s+", s):
        if cur and len(cur) + 1 + len(sent) > MAX_LINE:
            out.append(cur)
            cur = sent
        else:
            cur = f"{cur} {sent}" if cur else sent
    if cur:
        out.append(cur)
    return [c for c in out if len(c) <= 3 * MAX_LINE]


# English marker words.  A line in another language is "dominated by English" if enough of its
# words are in this set.  PER_LANG_OK lists, for each language, the marker words that are also
# ordinary (often frequent) words of that language and so must not count there.
EN_MARKERS = frozenset("""
the and with which from that this there their these those been into when where what would should
could than only other some each while about before because between through without however your you
they were here its our she how why who please click cannot unable failed default value window
settings select enter file files error show hide save delete not if or has have can will was are
is be by on in it an as at to of for do her he we new open use used using all any
""".split())
PER_LANG_OK = {
    "de": "in an was will so", "nl": "in is of was we open an", "fy": "in is it of", "lb": "an as in do",
    "it": "in", "ro": "in are an", "sl": "in on to do", "sv": "in all", "ga": "an is in as do",
    "gd": "an is as do", "br": "an", "mt": "in it is", "co": "in", "sc": "in", "da": "at for her",
    "nb": "at for her all", "nn": "at for her all", "fo": "at", "cy": "at", "pt": "as do", "gl": "as do",
    "oc": "as on error", "es": "error", "ca": "on error", "fr": "on", "fi": "on he", "et": "on",
    "cs": "to on by do", "sk": "to on by do", "pl": "to on by do", "hr": "to on do", "bs": "to on do",
    "sr": "to on do", "hsb": "to by do", "dsb": "to by do", "lv": "to", "lt": "be", "hu": "be",
    "tr": "can her",
}


def marker_set(lang):
    return EN_MARKERS - set(PER_LANG_OK.get(lang, "").split())


def looks_english(words, markers):
    n = len(words)
    hits = sum(1 for w in words if w in markers)
    if hits >= 2 and hits * 5 >= n:          # >= 20 % marker words
        return True
    return n <= 5 and hits >= 1 and hits * 3 >= n


def script_ok(lang, letters):
    n = len(letters)
    if lang == "el":
        return len(RE_GREEK_LETTER.findall(letters)) >= 0.75 * n
    if lang in CYRILLIC_LANGS:
        return len(RE_CYR_LETTER.findall(letters)) >= 0.75 * n
    latin = len(RE_LATIN_LETTER.findall(letters))
    if lang == "sr":
        return latin >= 0.95 * n or len(RE_CYR_LETTER.findall(letters)) >= 0.75 * n
    return latin >= 0.95 * n


def check_line(s, lang):
    """-> (reason or None, words).  Shape and script filters shared by all languages."""
    words = words_of(s)
    if len(words) < 3:
        return "too-few-words", words
    letters = RE_NONLETTER.sub("", s)
    if len(letters) < 12:
        return "too-few-letters", words
    dense = len(s) - s.count(" ")
    if len(letters) < 0.6 * dense:
        return "non-letters", words
    if len(CODE_CHARS.findall(s)) > 0.05 * len(s):
        return "code-like", words
    if not script_ok(lang, letters):
        return "wrong-script", words
    return None, words


# ================================================================================================
# Format readers (all return lists of text blocks; one block ~ one paragraph or UI string)
# ================================================================================================
def decode_bytes(data, fallback="latin-1"):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(fallback, "replace")


def maybe_decompress(name, data):
    if name.endswith(".gz"):
        return gzip.decompress(data)
    if name.endswith(".bz2"):
        return bz2.decompress(data)
    return data


# ---- gettext .mo -------------------------------------------------------------------------------
RE_CREDITS = re.compile(r"translator[-_ ]?credits|translators?[-_ ]?(names?|emails?)|your[-_ ]names?|"
                        r"your[-_ ]emails?|credit_for_translators|roles_of_translators|"
                        r"^_: ?(name|email)", re.I)


def read_mo(data):
    """-> (charset, [(msgid_strings, msgstr_strings)]) ; strings already split on NUL."""
    if len(data) < 28:
        return "utf-8", []
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    if struct.unpack(order + "I", data[:4])[0] != 0x950412DE:
        return "utf-8", []
    count, off_ids, off_strs = struct.unpack(order + "III", data[8:20])
    entries, charset = [], "utf-8"
    for i in range(count):
        lid, pid = struct.unpack(order + "II", data[off_ids + 8 * i: off_ids + 8 * i + 8])
        lst, pst = struct.unpack(order + "II", data[off_strs + 8 * i: off_strs + 8 * i + 8])
        mid, mstr = data[pid: pid + lid], data[pst: pst + lst]
        if not mid:
            m = re.search(rb"charset=([-\w]+)", mstr)
            if m:
                charset = m.group(1).decode("ascii", "replace")
            continue
        entries.append((mid, mstr))
    out = []
    for mid, mstr in entries:
        try:
            ids = mid.decode("utf-8", "replace")
            strs = mstr.decode(charset, "replace")
        except LookupError:
            ids, strs = mid.decode("utf-8", "replace"), decode_bytes(mstr)
        ids = ids.split("\x04")[-1]
        out.append((ids.split("\x00"), strs.split("\x00")))
    return charset, out


# ---- Mozilla Fluent / properties / DTD ------------------------------------------------------------
def fluent_flatten(value):
    """Resolve Fluent placeables: select expressions -> their default variant, others -> gap."""
    out, i, n = [], 0, len(value)
    while i < n:
        c = value[i]
        if c != "{":
            out.append(c)
            i += 1
            continue
        depth, j = 1, i + 1
        while j < n and depth:
            if value[j] == "{":
                depth += 1
            elif value[j] == "}":
                depth -= 1
            j += 1
        inner = value[i + 1: j - 1]
        if "->" in inner:
            variants = inner.split("->", 1)[1]
            m = re.search(r"\*\[[^\]]*\]\s*(.*?)(?=\n\s*\*?\[[^\]]*\]|\s*$)", variants, re.S)
            if not m:
                m = re.search(r"\[[^\]]*\]\s*(.*?)(?=\n\s*\*?\[[^\]]*\]|\s*$)", variants, re.S)
            out.append(fluent_flatten(m.group(1)) if m else " ")
        else:
            lit = re.fullmatch(r'\s*"([^"]*)"\s*', inner)
            out.append(lit.group(1) if lit else " ")
        i = j
    return "".join(out)


def read_ftl(text):
    blocks, cur = [], None
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            if cur is not None:
                blocks.append(cur)
                cur = None
            continue
        m = re.match(r"^-?[A-Za-z][\w-]*\s*=\s?(.*)$", line) or re.match(r"^\s+\.[\w-]+\s*=\s?(.*)$", line)
        if m:
            if cur is not None:
                blocks.append(cur)
            cur = m.group(1)
        elif cur is not None and line[:1].isspace():
            cur += "\n" + line.strip()
    if cur is not None:
        blocks.append(cur)
    out = []
    for b in blocks:
        t = fluent_flatten(b)
        out.append(" ".join(t.split()))
    return out


def read_properties(text):
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or line[0] in "#!" or "=" not in line:
            continue
        v = line.split("=", 1)[1].strip()
        v = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), v)
        if ";" in v and len(v) < 300:          # plural forms are ';'-separated
            out.extend(p for p in v.split(";") if p.strip())
        else:
            out.append(v)
    return out


def read_dtd(text):
    return [m.group(2) for m in re.finditer(r"<!ENTITY\s+[\w.-]+\s+([\"'])(.*?)\1\s*>", text, re.S)]


# ---- roff man pages -------------------------------------------------------------------------------
ROFF_BREAKS = {"PP", "P", "LP", "SH", "SS", "TP", "IP", "HP", "sp", "br", "RS", "RE", "TQ", "Pp", "Sh",
               "Ss", "Bl", "El", "It", "Bd", "Ed", "Dl", "D1", "TH", "Dd", "Dt", "Os"}
ROFF_INLINE = {"B", "I", "R", "SM", "SB", "BR", "RB", "IR", "RI", "BI", "IB", "UR", "MT", "Nd", "Em",
               "Sy", "Ar", "Pa", "Ql", "Dq", "Sq", "Li"}
ROFF_ESCAPES = [
    (re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\s[-+]?\d+"), ""),
    (re.compile(r"\\\*(?:\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\\((?:lq|rq|dq)"), '"'),
    (re.compile(r"\\\((?:oq|cq|aq)"), "'"), (re.compile(r"\\\((?:em|en|mi|hy)"), "-"),
    (re.compile(r"\\\[(?:lq|rq|dq)\]"), '"'), (re.compile(r"\\\[(?:oq|cq|aq)\]"), "'"),
    (re.compile(r"\\\[u([0-9A-Fa-f]{4,5})\]"), None), (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""),
    (re.compile(r"\\[nk](?:\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\[hvwlLNbDoXZ]'[^']*'"), ""),
    (re.compile(r"\\[-e]"), "-"), (re.compile(r"\\[ ~0]"), " "), (re.compile(r"\\[&|^%:,/c)]"), ""),
    (re.compile(r"\\(.)"), r"\1"),
]


def roff_unescape(s):
    for rx, rep in ROFF_ESCAPES:
        if rep is None:
            s = rx.sub(lambda m: chr(int(m.group(1), 16)), s)
        else:
            s = rx.sub(rep, s)
    return s


def read_roff(text):
    paras, cur, nofill = [], [], False

    def flush():
        if cur:
            paras.append(" ".join(cur))
            cur.clear()
    for line in text.split("\n"):
        if line.startswith((".\\\"", "'\\\"", "\\\"", ".\\#")):
            continue
        if line[:1] in (".", "'"):
            parts = line[1:].strip().split(None, 1)
            if not parts:
                continue
            mac, arg = parts[0], (parts[1] if len(parts) > 1 else "")
            if mac in ("nf", "EX", "Bd"):
                flush()
                nofill = mac != "Bd" or "-literal" in arg or "-unfilled" in arg
                continue
            if mac in ("fi", "EE", "Ed"):
                nofill = False
                continue
            if mac in ROFF_BREAKS:
                flush()
            if mac in ("SH", "SS", "Sh", "Ss") and arg:
                paras.append(arg.replace('"', ""))
            elif mac in ROFF_INLINE and arg and not nofill:
                cur.append(arg.replace('"', "") if len(mac) == 2 else arg.strip('"'))
            continue
        if nofill:
            continue
        if not line.strip():
            flush()
            continue
        cur.append(line)
    flush()
    return [roff_unescape(p) for p in paras]


# ---- XML help (Mallard, DocBook) -------------------------------------------------------------------
XML_BLOCKS = {"p", "para", "simpara", "title", "subtitle", "desc", "term", "td", "th", "entry",
              "caption", "glossterm", "refpurpose", "member", "tagline", "li", "formalpara"}
XML_SKIP = {"code", "screen", "programlisting", "cmd", "sys", "input", "output", "computeroutput",
            "userinput", "filename", "command", "literal", "envar", "varname", "option",
            "replaceable", "synopsis", "literallayout", "email", "credit", "info", "revision",
            "script", "style", "key", "keycombo", "keycap", "guiseq", "app", "link-list", "license",
            "years", "name", "ulink", "address"}


def xml_local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_xml_doc(data):
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return []
    out = []

    def walk(el):
        tag = xml_local(el.tag)
        if tag in XML_SKIP:
            return ""
        parts = [el.text or ""]
        for ch in el:
            parts.append(walk(ch))
            parts.append(ch.tail or "")
        text = "".join(parts)
        if tag in XML_BLOCKS:
            out.append(text)
            return " "
        return text
    walk(root)
    return out


# ---- HTML --------------------------------------------------------------------------------------------
class HTMLBlocks(HTMLParser):
    BLOCK = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br", "tr",
             "title", "caption", "blockquote", "section", "article", "table", "ul", "ol", "dl", "hr",
             "body", "figcaption", "header", "footer", "nav", "aside", "main", "summary", "details"}
    SKIP = {"script", "style", "pre", "code", "tt", "kbd", "samp", "head", "var", "noscript", "svg",
            "math", "textarea", "select", "button"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.buf, self.skipping = [], [], 0

    def _flush(self):
        if self.buf:
            t = "".join(self.buf).strip()
            if t:
                self.blocks.append(t)
            self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if not self.skipping:
            self.buf.append(data)


def read_html(text):
    p = HTMLBlocks()
    try:
        p.feed(text)
        p.close()
    except Exception:
        pass
    p._flush()
    return p.blocks


def paragraphs(text):
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


# ================================================================================================
# Extraction: routes from member paths to readers
# ================================================================================================
GIMP_ROOT = "usr/share/gimp/2.0/help/"
MANUAL_RULES = [
    # (regex on member path, group template) ; the regex names 'lang' and 'doc'
    (re.compile(r"^usr/share/doc/debian-handbook/html/(?P<lang>[^/]+)/(?P<doc>[^/]+)\.html$"), "handbook"),
    (re.compile(r"^usr/share/doc/installation-guide-amd64/(?P<lang>[^/]+)/(?P<doc>[^/]+)\.html$"), "install"),
    (re.compile(r"^usr/share/debian-reference/(?P<doc>[^/.]+)\.(?P<lang>[\w-]+)\.html$"), "reference"),
    (re.compile(r"^usr/share/doc/maint-guide(?:-[\w-]+)?/html/(?P<doc>[^/.]+)\.(?P<lang>[\w-]+)\.html$"), "maint-guide"),
    (re.compile(r"^usr/share/doc/debian/FAQ/(?:[^/]+/)?(?P<doc>[^/.]+)\.(?P<lang>[\w-]+)\.html$"), "faq"),
    (re.compile(r"^usr/share/doc/debian/FAQ/(?P<doc>[^/.]+)\.html$"), "faq"),
    (re.compile(r"^usr/share/developers-reference/(?P<lang>[^/_]+)/(?P<doc>[^/]+)\.html$"), "devref"),
    (re.compile(r"^usr/share/doc/debian-edu-doc-(?:legacy-)?(?P<lang>[a-z]{2}(?:-[a-z]{2})?)/(?P<doc>[^/]+)\.html$"), "edu"),
    (re.compile(r"^usr/share/doc/debian-history/docs/(?P<doc>[^/.]+)\.(?P<lang>[\w-]+)\.html$"), "history"),
    (re.compile(r"^usr/share/doc/debian-history/docs/(?P<doc>[^/.]+)\.html$"), "history"),
]
FORTUNE_DIRS = {"bg": "bg", "cs": "cs", "de": "de", "es": "es", "ga": "ga", "it": "it", "pl": "pl",
                "ru": "ru", "pt": "pt", "fr": "fr"}


def doc_family(stem):
    """Chapter-ish family of a document file name: 'ch03s02' -> 'ch03', 'gimp-tool-crop' -> 'gimp-tool'."""
    m = re.match(r"([A-Za-z]+\d*)", stem)
    if stem.startswith("gimp-") or "-" in stem:
        return "-".join(stem.split("-")[:2])
    return m.group(1) if m else stem


def ddtp_group(name):
    """Group DDTP descriptions of related binary packages ('libfoo1', 'foo-dev', 'python3-foo')."""
    n = re.sub(r"^(lib|python3?-|ruby-|node-|golang-|r-cran-|r-bioc-|perl-|php-|fonts-|texlive-)", "", name)
    n = re.sub(r"(-dev|-doc|-common|-data|-dbg|-bin|-utils|-tools|-l10n|-examples|-plugins?)+$", "", n)
    n = re.sub(r"[\d.]+$", "", n)
    return n or name


class Emitter:
    """Collects records of one package and writes them to WORK/raw/<package>/<lang>.<kind>.tsv."""

    def __init__(self, rawdir, pkg):
        self.dir = os.path.join(rawdir, pkg)
        self.pkg = pkg
        self.files = {}
        self.en_keys = array("Q")
        self.counts = Counter()

    def put(self, lang, source, group, doc, blocks):
        if lang is None:
            return
        kind = KIND_OF[source]
        fh = self.files.get((lang, kind))
        if fh is None:
            os.makedirs(self.dir, exist_ok=True)
            fh = self.files[(lang, kind)] = open(os.path.join(self.dir, f"{lang}.{kind}.tsv"), "w",
                                                 encoding="utf-8")
        group = group.replace("\t", " ")
        doc = doc.replace("\t", " ")
        n = 0
        for b in blocks:
            for line in b.split("\n"):
                line = " ".join(line.split())
                if not line:
                    continue
                fh.write(f"{source}\t{self.pkg}\t{group}\t{doc}\t{line}\n")
                n += 1
                if lang == "en":
                    # reference keys of English text, used to drop untranslated copies elsewhere
                    for piece in split_long(clean_text(line, kind == "ui")):
                        w = words_of(piece)
                        if len(w) >= 3:
                            self.en_keys.append(key_of_words(w))
        self.counts[lang] += n

    def close(self):
        for fh in self.files.values():
            fh.close()
        if self.en_keys:
            os.makedirs(self.dir, exist_ok=True)
            with open(os.path.join(self.dir, "en.keys"), "wb") as f:
                self.en_keys.tofile(f)


def licence_of(text):
    if re.match(r"Format:\s*\S", text):
        names = sorted({m.strip() for m in re.findall(r"^License:[ \t]*(\S[^\n]*)", text, re.M)})
        if names:
            return "; ".join(names)
    found = []
    for name, rx in (("GPL", r"General Public License|\bGPL"), ("LGPL", r"Lesser General|Library General|\bLGPL"),
                     ("GFDL", r"Free Documentation License|\bGFDL"), ("MPL", r"Mozilla Public License|\bMPL"),
                     ("CC-BY-SA", r"Creative Commons|CC-BY-SA"), ("Apache", r"Apache License"),
                     ("BSD", r"\bBSD\b"), ("MIT/Expat", r"\bMIT\b|\bExpat\b|Permission is hereby granted"),
                     ("public-domain", r"public domain")):
        if re.search(rx, text, re.I):
            found.append(name)
    return "; ".join(found) if found else "(see copyright file)"


def extract_deb(args):
    """Stream one .deb and emit records.  -> dict with package metadata and line counts."""
    deb, rawdir, tessdir = args
    info = subprocess.run(["dpkg-deb", "--show", "--showformat", "${Package}\t${Version}\t${Source}", deb],
                          capture_output=True, text=True).stdout.split("\t")
    pkg, version = info[0], info[1]
    srcpkg = (info[2].split()[0] if len(info) > 2 and info[2].strip() else pkg)
    em = Emitter(rawdir, pkg)
    meta = {"package": pkg, "version": version, "licence": "", "wordfiles": []}
    fortunes = {}
    seen_domains = set()
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tf:
            for m in tf:
                name = m.name[2:] if m.name.startswith("./") else m.name
                if m.issym() and name == f"usr/share/doc/{pkg}":
                    meta["licence"] = f"(see {os.path.basename(m.linkname)})"
                if not m.isfile():
                    continue
                try:
                    handle_member(name, tf, m, pkg, srcpkg, em, meta, fortunes, seen_domains, tessdir)
                except Exception as e:   # a broken file must not stop the run
                    print(f"  warn: {pkg}: {name}: {type(e).__name__}: {e}", file=sys.stderr)
    finally:
        proc.stdout.close()
        proc.wait()
    # fortunes: prefer the UTF-8 twin (*.u8) of a cookie file when both exist
    for path, (lang, data) in sorted(fortunes.items()):
        if not path.endswith(".u8") and path + ".u8" in fortunes:
            continue
        text = decode_bytes(data, "cp1251" if lang in ("bg", "ru") else "latin-1")
        grp = "fortunes:" + os.path.basename(path).split(".")[0]
        for n, c in enumerate(re.split(r"\n%\n", "\n" + text + "\n")):
            em.put(lang, "literary", grp, f"{path}#{n}", [" ".join(c.split())])   # cookie = document
    em.close()
    meta["lines"] = dict(em.counts)
    return meta


def handle_member(name, tf, m, pkg, srcpkg, em, meta, fortunes, seen_domains, tessdir):
    read = lambda: tf.extractfile(m).read()
    if name == f"usr/share/doc/{pkg}/copyright":
        meta["licence"] = licence_of(decode_bytes(read()))
        return
    # -- gettext catalogues
    if name.endswith(".mo") and "/LC_MESSAGES/" in name:
        code = name.split("/LC_MESSAGES/")[0].rsplit("/", 1)[-1]
        lang = lang_of(code)
        if lang is None or lang == "en":
            return
        domain = os.path.basename(name)[:-3]
        _, entries = read_mo(read())
        out, ids_out = [], []
        for ids, strs in entries:
            if RE_CREDITS.search(ids[0]):
                continue
            idset = set(ids)
            for s in strs:
                if s and s not in idset:
                    out.append(s)
            ids_out.extend(ids)
        group = srcpkg if not srcpkg.startswith("libreoffice") else "libreoffice"
        em.put(lang, "gettext", group, domain, out)
        if domain not in seen_domains:          # English source strings, once per catalogue
            seen_domains.add(domain)
            em.put("en", "gettext-msgid", group, domain, ids_out)
        return
    # -- Mozilla language packs
    if name.endswith(".xpi") and "/langpack-" in name:
        code = re.search(r"langpack-([^@/]+)@", name).group(1)
        lang = lang_of(code)
        if lang is None or lang == "en":
            return
        app = "thunderbird" if "thunderbird" in name else "firefox"
        with zipfile.ZipFile(io.BytesIO(read())) as z:
            for inner in sorted(z.namelist()):
                if inner.endswith(".ftl"):
                    blocks = read_ftl(decode_bytes(z.read(inner)))
                elif inner.endswith(".properties"):
                    blocks = read_properties(decode_bytes(z.read(inner)))
                elif inner.endswith(".dtd"):
                    blocks = read_dtd(decode_bytes(z.read(inner)))
                else:
                    continue
                # document id without the locale folder, so Firefox and Thunderbird copies of a
                # shared toolkit file are one document
                doc = re.sub(r"(^|/)(localization|locale)/[^/]+/", r"\1", inner)
                em.put(lang, "mozilla", "mozilla", doc, blocks)
        return
    # -- man pages
    mm = re.match(r"^usr/share/man/(?:([^/]+)/)?man[^/]+/([^/]+)$", name)
    if mm:
        lang = "en" if mm.group(1) is None else lang_of(mm.group(1))
        if lang is None:
            return
        data = maybe_decompress(name, read())
        text = decode_bytes(data)
        if text.startswith(".so ") or len(text) < 40:
            return
        page = re.sub(r"\.(gz|bz2|xz)$", "", mm.group(2))
        page = page.rsplit(".", 1)[0]
        em.put(lang, "man", "man:" + page, name, read_roff(text))
        return
    # -- GNOME/MATE/Yelp help (Mallard .page, DocBook .xml)
    mh = re.match(r"^usr/share/(?:help|gnome/help|mate/help)/([^/]+)/([^/]+)/.+\.(page|xml)$", name)
    if mh:
        lang = lang_of(mh.group(1))
        if lang:
            em.put(lang, "gnome-help", "help:" + mh.group(2), name, read_xml_doc(read()))
        return
    # -- KDE handbooks
    mk = re.match(r"^usr/share/doc/HTML/([^/]+)/(.+)/index\.cache\.bz2$", name)
    if mk:
        lang = lang_of(mk.group(1))
        if lang:
            text = decode_bytes(bz2.decompress(read()))
            em.put(lang, "kde-doc", "kde:" + mk.group(2).split("/")[0], name, read_html(text))
        return
    # -- LibreOffice help
    ml = re.match(r"^usr/share/libreoffice/help/([^/]+)/text/([^/]+)/(?:([^/]+)/)?[^/]+\.html$", name)
    if ml:
        lang = lang_of(ml.group(1))
        if lang:
            grp = "lo:" + ml.group(2) + ("/" + ml.group(3) if ml.group(3) else "")
            em.put(lang, "lo-help", grp, name, read_html(decode_bytes(read())))
        return
    # -- GIMP help
    if name.startswith(GIMP_ROOT) and name.endswith(".html"):
        rest = name[len(GIMP_ROOT):].split("/")
        lang = lang_of(rest[0])
        if lang and len(rest) >= 2:
            stem = rest[-1][:-5]
            em.put(lang, "gimp-help", "gimp:" + doc_family(stem), name, read_html(decode_bytes(read())))
        return
    # -- Debian manuals
    if name.endswith(".html"):
        for rx, fam in MANUAL_RULES:
            mm2 = rx.match(name)
            if mm2:
                code = mm2.groupdict().get("lang") or "en"
                lang = lang_of(code)
                if lang:
                    doc = mm2.group("doc")
                    if fam == "edu":
                        doc = re.sub(r"-(bookworm|bullseye|buster|stretch|jessie|wheezy)", "", doc)
                    em.put(lang, "manuals", f"{fam}:{doc_family(doc) if fam != 'edu' else doc}", name,
                           read_html(decode_bytes(read())))
                return
        return
    # -- fortunes (collected, decoded at the end)
    mf = re.match(r"^usr/share/games/fortunes/(?:([^/]+)/)?([^/]+)$", name)
    if mf and not name.endswith(".dat"):
        d, base = mf.group(1), mf.group(2)
        if d is None:
            lang = "pt" if base == "brasil" else None      # fortunes-br is Brazilian Portuguese
        else:
            lang = FORTUNE_DIRS.get(d)
            if lang == "cs" and re.search(r"(^|[-_.])sk($|[-_.])", base):
                lang = "sk"
        if lang:
            fortunes[name] = (lang, read())
        return
    # -- klavaro typing-tutor paragraphs
    mkl = re.match(r"^usr/share/klavaro/([^/]+)\.paragraphs$", name)
    if mkl:
        lang = lang_of(mkl.group(1))
        if lang:
            for n, para in enumerate(decode_bytes(read()).split("\n")):
                em.put(lang, "literary", "klavaro", f"{name}#{n}", [para])      # paragraph = document
        return
    # -- vim tutor
    mv = re.match(r"^usr/share/vim/vim\d+/tutor/tutor(?:\.([a-z_]+))?(\.utf-8)?$", name)
    if mv and (mv.group(2) or mv.group(1) is None):
        lang = lang_of(mv.group(1) or "en")
        if lang:
            text = decode_bytes(read())
            text = "\n".join(l for l in text.split("\n") if not re.match(r"\s*(~{3,}|={3,}|-{3,})", l))
            em.put(lang, "literary", "vim-tutor", name, paragraphs(text))
        return
    # -- debian-history dedication texts
    md = re.match(r"^usr/share/doc/debian-history/dedication/dedication-[\d.]+(?:\.([\w]+))?\.txt$", name)
    if md:
        lang = lang_of(md.group(1) or "en")
        if lang:
            em.put(lang, "manuals", "history:dedication", name, paragraphs(decode_bytes(read())))
        return
    # -- word-list material (written to disk for the wordlist stage)
    if name.endswith(".traineddata") or re.match(r"^usr/share/hunspell/fo(_FO)?\.dic$", name):
        os.makedirs(tessdir, exist_ok=True)
        dest = os.path.join(tessdir, os.path.basename(name))
        with open(dest, "wb") as f:
            f.write(read())
        meta["wordfiles"].append(dest)
        return


# ---- DDTP ----------------------------------------------------------------------------------------
def extract_ddtp(args):
    path, rawdir = args
    code = re.search(r"Translation-([A-Za-z_%0-9]+)", os.path.basename(path)).group(1).replace("%5f", "_")
    lang = lang_of(code)
    m = re.search(r"_dists_([^_]+)_", os.path.basename(path))
    suite = m.group(1) if m else "bookworm"
    label = f"ddtp-Translation-{code}@{suite}"       # one index per suite (bookworm, -updates, ...)
    meta = {"package": label, "version": suite, "lines": {},
            "licence": "(each description: licence of its package; DDTP/DDTSS translations)",
            "wordfiles": []}
    if lang is None:
        return meta
    text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], capture_output=True).stdout
    text = text.decode("utf-8", "replace")
    em = Emitter(rawdir, label)
    for stanza in text.split("\n\n"):
        mp = re.search(r"^Package: *(\S+)", stanza, re.M)
        md = re.search(r"^Description-(?!md5)[\w-]+: ?(.*)\n?((?:[ \t].*\n?)*)", stanza, re.M)
        if not mp or not md:
            continue
        blocks, para = [md.group(1)], []
        for line in md.group(2).split("\n"):
            if not line.strip() or line.strip() == ".":
                if para:
                    blocks.append(" ".join(para))
                    para = []
            elif line.startswith("  "):             # verbatim line / list item
                if para:
                    blocks.append(" ".join(para))
                    para = []
                blocks.append(re.sub(r"^\s*[-*+o•]\s+", "", line))
            else:
                para.append(line.strip())
        if para:
            blocks.append(" ".join(para))
        name = mp.group(1)
        em.put(lang, "ddtp", "ddtp:" + ddtp_group(name), name, blocks)
    em.close()
    meta["lines"] = dict(em.counts)
    return meta


# ================================================================================================
# Cleaning per language (stage 4) -- runs in worker processes
# ================================================================================================
EN_KEYS = frozenset()


def clean_language(args):
    lang, rawdir, cleandir, vocabdir = args
    markers = marker_set(lang)
    seen = set()
    drops = Counter()
    vocab = Counter() if lang in VOCAB_LANGS else None
    pkgs = sorted(os.listdir(rawdir))
    out_path = os.path.join(cleandir, f"{lang}.tsv")
    keys = array("Q")
    with open(out_path, "w", encoding="utf-8") as out:
        for kind in KINDS:
            ui = kind == "ui"
            for pkg in pkgs:
                p = os.path.join(rawdir, pkg, f"{lang}.{kind}.tsv")
                if not os.path.exists(p):
                    continue
                with open(p, encoding="utf-8", errors="replace") as f:
                    for row in f:
                        source, pk, group, doc, raw = row.rstrip("\n").split("\t", 4)
                        for s in split_long(clean_text(raw, ui)):
                            reason, words = check_line(s, lang)
                            if reason is None:
                                k = key_of_words(words)
                                if lang != "en" and k in EN_KEYS:
                                    reason = "english-original"
                                elif lang != "en" and looks_english(words, markers):
                                    reason = "english-words"
                                elif k in seen:
                                    reason = "duplicate"
                            if reason:
                                drops[reason] += 1
                                continue
                            seen.add(k)
                            keys.append(k)
                            if vocab is not None:
                                vocab.update(words)
                            out.write(f"{k:016x}\t{kind}\t{source}\t{pk}\t{group}\t{doc}\t{s}\n")
    with open(os.path.join(cleandir, f"{lang}.keys"), "wb") as f:
        keys.tofile(f)
    if vocab is not None:
        with open(os.path.join(vocabdir, f"{lang}.txt"), "w", encoding="utf-8") as f:
            for w in sorted(vocab):
                f.write(w + "\n")
    return lang, dict(drops), len(keys)


# ================================================================================================
# Held-out split and capped train subset (stage 6) -- runs in worker processes
# ================================================================================================
MULTI_KEYS = frozenset()


def waterfill(avail, cap):
    """Budget per kind: targets KIND_SHARE*cap, unused budget goes to the others (prose first)."""
    alloc = {k: min(avail.get(k, 0), KIND_SHARE[k] * cap) for k in KINDS}
    left = cap - sum(alloc.values())
    for k in KINDS:
        extra = min(left, avail.get(k, 0) - alloc[k])
        if extra > 0:
            alloc[k] += extra
            left -= extra
    return alloc


def pick_heldout(lang, kind, rows, target_bytes, target_lines):
    """Choose held-out rows of one kind.  Level 1: whole source groups; level 2: whole documents
    of the remaining groups; level 3: single lines.  -> (set of row indexes, method label)."""
    if target_bytes <= 0 or not rows:
        return set(), "none"
    total = sum(r[6] for r in rows)
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r[4]].append(i)
    chosen, got_b, got_l = set(), 0, 0
    levels = []

    def need():
        return got_b < target_bytes or got_l < target_lines

    def size(idx):
        return sum(rows[i][6] for i in idx)

    def fits(b):
        return b <= max(1.3 * (target_bytes - got_b), 2000) and got_b + b <= 0.4 * total

    for g in sorted(groups, key=lambda g: h64(lang, kind, "group", g)):
        if not need():
            break
        b = size(groups[g])
        if len(groups) > 1 and fits(b):
            chosen.update(groups[g])
            got_b += b
            got_l += len(groups[g])
            if "source" not in levels:
                levels.append("source")
    if need():
        docs = defaultdict(list)
        for i, r in enumerate(rows):
            if i not in chosen:
                docs[(r[4], r[5])].append(i)
        for d in sorted(docs, key=lambda d: h64(lang, kind, "doc", *d)):
            if not need():
                break
            b = size(docs[d])
            if len(docs) > 1 and fits(b):
                chosen.update(docs[d])
                got_b += b
                got_l += len(docs[d])
                if "document" not in levels:
                    levels.append("document")
    if need():
        for i in sorted((i for i in range(len(rows)) if i not in chosen),
                        key=lambda i: h64(lang, kind, "line", rows[i][0])):
            if not need() or got_b + rows[i][6] > 0.4 * total:
                break
            chosen.add(i)
            got_b += rows[i][6]
            got_l += 1
            if "line" not in levels:
                levels.append("line")
    return chosen, "+".join(levels) or "none"


def split_language(args):
    (lang, cleandir, outdir, wordlistdir, vocabdir, cap, share, min_lines) = args
    rows_by_kind = {k: [] for k in KINDS}
    multi_dropped = 0
    with open(os.path.join(cleandir, f"{lang}.tsv"), encoding="utf-8") as f:
        for line in f:
            k, kind, source, pkg, group, doc, text = line.rstrip("\n").split("\t", 6)
            key = int(k, 16)
            if key in MULTI_KEYS:
                multi_dropped += 1
                continue
            rows_by_kind[kind].append((key, source, pkg, kind, source + "|" + group, doc,
                                       len(text.encode("utf-8")) + 1, text))
    avail = {k: sum(r[6] for r in rows_by_kind[k]) for k in KINDS}
    total = sum(avail.values())
    total_lines = sum(len(v) for v in rows_by_kind.values())
    plan = waterfill(avail, min(cap, total))
    planned = sum(plan.values()) or 1
    hb = share * min(cap, total)
    hl = min(min_lines, int(0.3 * total_lines))
    train, heldout, methods = [], [], {}
    for kind in KINDS:
        # held-out target of a kind follows its share of the planned train text; within the kind
        # it is spread over the sources in proportion to their size, so every source is tested
        rows = rows_by_kind[kind]
        w = plan[kind] / planned
        by_source = defaultdict(list)
        for i, r in enumerate(rows):
            by_source[r[1]].append(i)
        chosen, levels = set(), []
        for src in sorted(by_source):
            idx = by_source[src]
            ws = sum(rows[i][6] for i in idx) / (avail[kind] or 1)
            got, method = pick_heldout(lang, f"{kind}/{src}", [rows[i] for i in idx],
                                       hb * w * ws, int(round(hl * w * ws)))
            chosen.update(idx[j] for j in got)
            levels += [m for m in method.split("+") if m != "none" and m not in levels]
        order = ("source", "document", "line")
        methods[kind] = "+".join(m for m in order if m in levels) or "none"
        heldout += [rows[i] for i in sorted(chosen)]
        rows_by_kind[kind] = [r for i, r in enumerate(rows) if i not in chosen]
    # train: deterministic subset by hash order within each kind's budget, written in source order
    avail2 = {k: sum(r[6] for r in rows_by_kind[k]) for k in KINDS}
    budget = waterfill(avail2, min(cap, sum(avail2.values())))
    for kind in KINDS:
        rows = rows_by_kind[kind]
        if avail2[kind] <= budget[kind]:
            train += rows
            continue
        keep, used = set(), 0
        for i in sorted(range(len(rows)), key=lambda i: h64(lang, "train", rows[i][0])):
            if used + rows[i][6] > budget[kind]:
                continue
            keep.add(i)
            used += rows[i][6]
            if used >= budget[kind] - 40:
                break
        train += [r for i, r in enumerate(rows) if i in keep]
    stats = defaultdict(lambda: [0, 0, 0, 0])
    used_pkgs = defaultdict(set)
    os.makedirs(os.path.join(outdir, "train"), exist_ok=True)
    os.makedirs(os.path.join(outdir, "heldout"), exist_ok=True)
    train_bytes = 0
    with open(os.path.join(outdir, "train", f"{lang}.txt"), "w", encoding="utf-8") as ft:
        for r in train:
            ft.write(r[7] + "\n")
            st = stats[(r[3], r[1])]
            st[0] += 1
            st[1] += r[6]
            train_bytes += r[6]
            used_pkgs[r[2]].add(lang)
        wl_train = wl_held = None
        if lang in WORDLIST_LANGS:
            wl_train, wl_held = wordlist_lines(lang, wordlistdir, vocabdir, cap - train_bytes, share)
            for s in wl_train:
                ft.write(s + "\n")
    with open(os.path.join(outdir, "heldout", f"{lang}.txt"), "w", encoding="utf-8") as fh:
        for r in heldout:
            fh.write(r[7] + "\n")
            st = stats[(r[3], r[1])]
            st[2] += 1
            st[3] += r[6]
            used_pkgs[r[2]].add(lang)
        if wl_held:
            for s in wl_held:
                fh.write(s + "\n")
    if wl_train is not None:
        src = "tesseract+hunspell" if lang == "fo" else "tesseract"
        st = stats[("wordlist", src)]
        st[0], st[1] = len(wl_train), sum(len(s.encode()) + 1 for s in wl_train)
        st[2], st[3] = len(wl_held), sum(len(s.encode()) + 1 for s in wl_held)
        methods["wordlist"] = "word-partition"
    return {"lang": lang, "stats": {f"{k}\t{s}": v for (k, s), v in stats.items()},
            "methods": methods, "multi_dropped": multi_dropped,
            "packages": {p: sorted(l) for p, l in used_pkgs.items()},
            "heldout_groups": len({r[4] for r in heldout}),
            "available": (total_lines, total, {k: avail[k] for k in KINDS})}


# ================================================================================================
# Word lists -> pseudo-text (mt, lb, fo)
# ================================================================================================
ALPHABETS = {
    "mt": "abcdefghijklmnopqrstuvwxyzċġħżàèìòùâêîôû'-",
    "lb": "abcdefghijklmnopqrstuvwxyzäëéèêïöüôâç'-",
    "fo": "abcdefghijklmnopqrstuvwxyzáíóúýæøðé'-",
}


def wordlist_lines(lang, wordlistdir, vocabdir, budget_bytes, share):
    words = set()
    for fn in sorted(os.listdir(wordlistdir)):
        if fn.startswith(lang + "."):
            with open(os.path.join(wordlistdir, fn), encoding="utf-8", errors="replace") as f:
                words.update(w.strip() for w in f)
    exclude = set()
    p = os.path.join(wordlistdir, "en.tesseract.txt")
    if os.path.exists(p):
        exclude.update(w.strip().casefold() for w in open(p, encoding="utf-8", errors="replace"))
    for other in WORDLIST_EXCLUDE[lang]:
        p = os.path.join(vocabdir, f"{other}.txt")
        if os.path.exists(p):
            exclude.update(w.strip() for w in open(p, encoding="utf-8"))
    alpha = set(ALPHABETS[lang])
    good = []
    for w in words:
        w = unicodedata.normalize("NFC", w)
        cf = w.casefold()
        if not (2 <= len(w) <= 24) or not set(cf) <= alpha or not any(c.isalpha() for c in cf):
            continue
        if cf[0] in "'-" or cf[-1] == "-" or "--" in cf or "''" in cf:
            continue
        if w[1:] != w[1:].lower():          # mixed case / all caps: mostly OCR web noise
            continue
        if lang != "lb" and w != cf:         # capitalised entries are mostly names (lb capitalises nouns)
            continue
        parts = [x for x in RE_WORD.findall(cf)]
        if any(x in exclude for x in parts if len(x) > 1) or cf in exclude:
            continue
        good.append(w)
    good = sorted(set(good))
    held = [w for w in good if h64(lang, "wordlist-split", w) % 10 == 0]
    train = [w for w in good if h64(lang, "wordlist-split", w) % 10 != 0]

    def make(pool, nbytes, min_n, salt):
        rng = random.Random(h64(lang, "wordlist-lines", salt))
        out, used = [], 0
        while pool and (used < nbytes or len(out) < min_n):
            s = " ".join(rng.choice(pool) for _ in range(rng.randint(8, 15)))
            out.append(s)
            used += len(s.encode()) + 1
        return out
    train_lines = make(train, max(0, budget_bytes), 0, "train")
    held_lines = make(held, share * max(0, budget_bytes), 200, "heldout")
    print(f"  wordlist {lang}: {len(words)} words, {len(good)} kept after filters/exclusions "
          f"({len(held)} held out), {len(train_lines)} train lines", file=sys.stderr)
    return train_lines, held_lines


def tess_tools(work, debdir):
    """Return (combine_tessdata, dawg2wordlist, env) using binaries unpacked from the .debs, or the
    installed ones (apt-get install tesseract-ocr as a fallback)."""
    root = os.path.join(work, "tessroot")
    os.makedirs(root, exist_ok=True)
    for p in TESS_TOOL_PACKAGES.split():
        for fn in sorted(os.listdir(debdir)):
            if fn.startswith(p + "_") and fn.endswith(".deb"):
                subprocess.run(["dpkg-deb", "-x", os.path.join(debdir, fn), root], check=True)
    libdirs = [os.path.join(root, d) for d in ("usr/lib/x86_64-linux-gnu", "usr/lib", "lib/x86_64-linux-gnu")]
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(libdirs + [os.environ.get("LD_LIBRARY_PATH", "")]))
    ct, dw = os.path.join(root, "usr/bin/combine_tessdata"), os.path.join(root, "usr/bin/dawg2wordlist")
    ok = os.path.exists(ct) and subprocess.run([ct], env=env, capture_output=True).returncode in (0, 1)
    if ok:
        ldd = subprocess.run(["ldd", ct], env=env, capture_output=True, text=True).stdout
        ok = "not found" not in ldd
    if ok:
        return ct, dw, env
    print("  unpacked tesseract tools cannot run; falling back to apt-get install tesseract-ocr",
          file=sys.stderr)
    if not shutil.which("combine_tessdata"):
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "tesseract-ocr"],
                       check=True, stdout=subprocess.DEVNULL)
    return shutil.which("combine_tessdata"), shutil.which("dawg2wordlist"), dict(os.environ)


def build_wordlists(work, debdir, tessdir, wordlistdir):
    os.makedirs(wordlistdir, exist_ok=True)
    if not os.path.isdir(tessdir):
        print("  warn: no word-list material was downloaded", file=sys.stderr)
        return {}
    ct, dw, env = tess_tools(work, debdir)
    counts = {}
    codes = dict((v, k) for k, v in WORDLIST_LANGS.items())
    codes["eng"] = "en"
    for code, lang in sorted(codes.items()):
        td = os.path.join(tessdir, f"{code}.traineddata")
        if not os.path.exists(td):
            print(f"  warn: {td} missing", file=sys.stderr)
            continue
        prefix = os.path.join(tessdir, f"{code}.")
        subprocess.run([ct, "-u", td, prefix], env=env, check=True, capture_output=True)
        words = set()
        for dawg in ("lstm-word-dawg", "word-dawg"):
            dp, up = prefix + dawg, prefix + ("lstm-unicharset" if dawg.startswith("lstm") else "unicharset")
            if os.path.exists(dp) and os.path.exists(up):
                outp = prefix + dawg + ".txt"
                subprocess.run([dw, up, dp, outp], env=env, check=True, capture_output=True)
                with open(outp, encoding="utf-8", errors="replace") as f:
                    words.update(w.strip() for w in f if w.strip())
                break
        with open(os.path.join(wordlistdir, f"{lang}.tesseract.txt"), "w", encoding="utf-8") as f:
            for w in sorted(words):
                f.write(w + "\n")
        counts[f"{lang}.tesseract"] = len(words)
    dic = [os.path.join(tessdir, n) for n in ("fo.dic", "fo_FO.dic") if os.path.exists(os.path.join(tessdir, n))]
    if dic:
        words = set()
        with open(dic[0], encoding="utf-8", errors="replace") as f:
            for i, line in enumerate(f):
                if i == 0 and line.strip().isdigit():
                    continue
                w = line.split("/", 1)[0].strip()
                if w and not w.startswith("#"):
                    words.add(w)
        with open(os.path.join(wordlistdir, "fo.hunspell.txt"), "w", encoding="utf-8") as f:
            for w in sorted(words):
                f.write(w + "\n")
        counts["fo.hunspell"] = len(words)
    return counts


# ================================================================================================
# Stages 1-2: indexes and downloads
# ================================================================================================
def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def fetch_ddtp_indexes(work):
    lists = os.path.join(work, "apt", "lists")
    os.makedirs(os.path.join(lists, "partial"), exist_ok=True)
    codes = sorted(set(LANGS) | {"pt_BR", "no", "nb", "nn"})
    conf = os.path.join(work, "apt", "apt.conf")
    with open(conf, "w") as f:
        f.write("#clear Acquire::Languages;\n")
        f.write("Acquire::Languages { " + " ".join(f'"{c}";' for c in codes) + " };\n")
        f.write(f'Dir::State::Lists "{lists}";\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n')
    subprocess.run(["apt-get", "-q", "-c", conf, "-o", "DPkg::Lock::Timeout=600", "update"],
                   check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.path.join(lists, f) for f in os.listdir(lists)
                   if "_i18n_Translation-" in f and not f.endswith(".diff"))
    size = sum(os.path.getsize(p) for p in files)
    return files, size


def ensure_apt_lists():
    r = subprocess.run(["apt-cache", "show", "tesseract-ocr-mlt"], capture_output=True)
    if r.returncode != 0 or not r.stdout:
        log("apt lists look empty: running apt-get update")
        subprocess.run(["apt-get", "-q", "update"], check=True, stdout=subprocess.DEVNULL)


def download(packages, debdir, jobs):
    os.makedirs(debdir, exist_ok=True)
    known = set(subprocess.run(["apt-cache", "pkgnames"], capture_output=True, text=True).stdout.split())
    missing = [p for p in packages if p not in known]
    have = {fn.split("_", 1)[0] for fn in os.listdir(debdir) if fn.endswith(".deb")}
    todo = [p for p in packages if p in known and p not in have]
    if missing:
        log(f"not in the archive, skipped: {' '.join(missing)}")
    batches = [todo[i:i + 40] for i in range(0, len(todo), 40)]
    failed = []

    def run_batch(batch):
        r = subprocess.run(["apt-get", "download", "-q"] + batch, cwd=debdir, capture_output=True)
        if r.returncode != 0:        # retry one by one so one bad name does not lose the batch
            for p in batch:
                if subprocess.run(["apt-get", "download", "-q", p], cwd=debdir,
                                  capture_output=True).returncode != 0:
                    failed.append(p)
    # simple worker pool of `jobs` apt-get processes
    pending = list(batches)
    procs = []
    while pending or procs:
        while pending and len(procs) < jobs:
            b = pending.pop(0)
            procs.append((b, subprocess.Popen(["apt-get", "download", "-q"] + b, cwd=debdir,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        b, p = procs.pop(0)
        if p.wait() != 0:
            run_batch(b)
    if failed:
        log(f"download failed for: {' '.join(failed)}")
    debs = sorted(os.path.join(debdir, f) for f in os.listdir(debdir) if f.endswith(".deb"))
    return debs, missing + failed


# ================================================================================================
# Main
# ================================================================================================
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--work", default="/tmp/census-lid-work")
    ap.add_argument("--max-mb-per-lang", type=float, default=2.0)
    ap.add_argument("--max-mb-other", type=float, default=0.4,
                    help="train text per language census does not model (pooled into the class mis)")
    ap.add_argument("--unseen", default="", help="languages of OTHER_LANGS kept out of the class mis "
                    "(to measure how it generalises); the shipped model keeps none out")
    ap.add_argument("--heldout-share", type=float, default=0.1)
    ap.add_argument("--min-heldout-lines", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-gimp", action="store_true", help="skip the gimp-help packages (~190 MB)")
    ap.add_argument("--keep-work", action="store_true", help="keep raw/clean scratch files")
    ap.add_argument("--only", metavar="REGEX", help="testing: restrict the package set to names "
                    "matching REGEX (word-list packages are always kept)")
    a = ap.parse_args()
    UNSEEN_OTHER[:] = a.unseen.split()
    out, work = os.path.abspath(a.out), os.path.abspath(a.work)
    repo_guard = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    for d in (out, work):
        if d == repo_guard or d.startswith(repo_guard + os.sep):
            sys.exit(f"refusing to write {d} inside the repository")
    t0 = time.time()
    os.makedirs(work, exist_ok=True)
    debdir, rawdir = os.path.join(work, "debs"), os.path.join(work, "raw")
    cleandir, vocabdir = os.path.join(work, "clean"), os.path.join(work, "vocab")
    tessdir, wordlistdir = os.path.join(work, "tessdata"), os.path.join(work, "wordlists")
    for d in (rawdir, cleandir, vocabdir, tessdir, wordlistdir, os.path.join(out, "train"),
              os.path.join(out, "heldout")):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    ctx = get_context("fork")

    log("stage 1: DDTP translation indexes (private apt lists folder)")
    ensure_apt_lists()
    ddtp_files, ddtp_bytes = fetch_ddtp_indexes(work)

    log("stage 2: downloading packages")
    packages = package_set(not a.no_gimp)
    if a.only:
        keep = set(WORDLIST_PACKAGES.split()) | set(TESS_TOOL_PACKAGES.split())
        packages = [p for p in packages if re.search(a.only, p) or p in keep]
    before = sum(os.path.getsize(os.path.join(debdir, f)) for f in os.listdir(debdir)) if os.path.isdir(debdir) else 0
    debs, skipped = download(packages, debdir, a.jobs)
    deb_bytes = sum(os.path.getsize(p) for p in debs)
    log(f"  {len(debs)} .deb files, {deb_bytes / 1e6:.0f} MB ({(deb_bytes - before) / 1e6:.0f} MB new); "
        f"DDTP indexes {ddtp_bytes / 1e6:.0f} MB")

    log("stage 3: extracting text")
    wanted = set(packages)
    tasks = [(p, rawdir, tessdir) for p in debs if os.path.basename(p).split("_", 1)[0] in wanted]
    tasks.sort(key=lambda t: -os.path.getsize(t[0]))        # big packages first: better balance
    metas = []
    with ctx.Pool(a.jobs) as pool:
        for meta in pool.imap_unordered(extract_ddtp, [(p, rawdir) for p in ddtp_files]):
            metas.append(meta)
        for meta in pool.imap_unordered(extract_deb, tasks, chunksize=4):
            metas.append(meta)
    metas.sort(key=lambda m: m["package"])
    log(f"  raw lines: {sum(sum(m['lines'].values()) for m in metas):,}")
    lost = [m["package"] for m in metas
            if m["lines"] and not os.path.isdir(os.path.join(rawdir, m["package"]))]
    if lost:      # seen once when something else cleaned the scratch folder during a run
        sys.exit(f"raw text of {len(lost)} packages vanished from {rawdir} during the run "
                 f"(is another process using --work?): {' '.join(lost[:8])} ...")

    log("stage 3b: word lists (tesseract, hunspell)")
    wl_counts = build_wordlists(work, debdir, tessdir, wordlistdir)
    for k, v in sorted(wl_counts.items()):
        log(f"  {k}: {v:,} words")

    log("stage 4: cleaning, English removal, per-language dedup")
    global EN_KEYS
    en = set()
    for pk in sorted(os.listdir(rawdir)):
        p = os.path.join(rawdir, pk, "en.keys")
        if os.path.exists(p):
            arr = array("Q")
            with open(p, "rb") as f:
                arr.frombytes(f.read())
            en.update(arr)
    EN_KEYS = frozenset(en)
    del en
    log(f"  English reference lines: {len(EN_KEYS):,}")

    def rawsize(lang):
        return sum(os.path.getsize(os.path.join(rawdir, pk, f))
                   for pk in os.listdir(rawdir) for f in os.listdir(os.path.join(rawdir, pk))
                   if f.startswith(lang + "."))
    order = sorted(LANGS, key=lambda l: (-rawsize(l), l))
    drops = {}
    with ctx.Pool(a.jobs) as pool:
        for lang, d, n in pool.imap_unordered(clean_language, [(l, rawdir, cleandir, vocabdir) for l in order]):
            drops[lang] = d
    EN_KEYS = frozenset()

    log("stage 5: lines found in two or more languages")
    allkeys = array("Q")
    for lang in LANGS:
        with open(os.path.join(cleandir, f"{lang}.keys"), "rb") as f:
            allkeys.frombytes(f.read())
    srt = sorted(allkeys)
    del allkeys
    global MULTI_KEYS
    MULTI_KEYS = frozenset(srt[i] for i in range(1, len(srt)) if srt[i] == srt[i - 1])
    log(f"  {len(MULTI_KEYS):,} distinct lines occur in several languages (dropped everywhere)")
    del srt

    log("stage 6: held-out split, capped train subset, word-list pseudo-text")
    cap = int(a.max_mb_per_lang * 1e6)
    other_cap = int(a.max_mb_other * 1e6)
    results = {}
    with ctx.Pool(a.jobs) as pool:
        for r in pool.imap_unordered(split_language, [(l, cleandir, out, wordlistdir, vocabdir,
                                                       other_cap if l in OTHER_LANGS else cap,
                                                       a.heldout_share, a.min_heldout_lines)
                                                      for l in order]):
            results[r["lang"]] = r
            drops[r["lang"]]["cross-language"] = r["multi_dropped"]

    write_other_pool(out)
    write_reports(out, results, drops, metas)
    if not a.keep_work:
        for d in (rawdir, cleandir):
            shutil.rmtree(d, ignore_errors=True)
    el = time.time() - t0
    log(f"done in {el / 60:.1f} min; downloads: {(deb_bytes - before) / 1e6:.0f} MB of .deb this run "
        f"({deb_bytes / 1e6:.0f} MB in {len(debs)} files) + {ddtp_bytes / 1e6:.0f} MB DDTP indexes")
    if skipped:
        log(f"packages skipped: {' '.join(skipped)}")
    for lang in LANGS:
        st = results[lang]["stats"].values()
        log(f"  {lang:4s} train {sum(v[1] for v in st) / 1e6:5.2f} MB  heldout {sum(v[2] for v in st):6d} lines")


def write_other_pool(out):
    """OUT/train/mis.txt: the train lines of OTHER_LANGS but UNSEEN_OTHER, interleaved one language after
    the other (so the trainer's held-back calibration lines cover every language), for the class `mis`."""
    lists = []
    for lang in sorted(set(OTHER_LANGS) - set(UNSEEN_OTHER)):
        path = os.path.join(out, "train", f"{lang}.txt")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lines = [l for l in f.read().split("\n") if l]
            if lines:
                lists.append(lines)
    with open(os.path.join(out, "train", "mis.txt"), "w", encoding="utf-8") as f:
        for k in range(max((len(l) for l in lists), default=0)):
            for lines in lists:
                if k < len(lines):
                    f.write(lines[k] + "\n")
    log(f"  mis: {sum(len(l) for l in lists):,} lines from {len(lists)} languages")


def write_reports(out, results, drops, metas):
    with open(os.path.join(out, "stats.tsv"), "w", encoding="utf-8") as f:
        f.write("lang\tkind\tsource\ttrain_lines\ttrain_bytes\theldout_lines\theldout_bytes\n")
        for lang in LANGS:
            for ks, v in sorted(results[lang]["stats"].items(),
                                key=lambda kv: ((KINDS + ("wordlist",)).index(kv[0].split("\t")[0]), kv[0])):
                f.write(f"{lang}\t{ks}\t{v[0]}\t{v[1]}\t{v[2]}\t{v[3]}\n")
    with open(os.path.join(out, "split.tsv"), "w", encoding="utf-8") as f:
        # held-out method per kind (source = whole source groups, document = whole documents,
        # line = single lines) and the size of the cleaned pool before the cap
        f.write("lang\tprose\tdocs\tui\twordlist\theldout_groups\tpool_lines\tpool_bytes\t"
                "pool_prose_bytes\tpool_docs_bytes\tpool_ui_bytes\n")
        for lang in LANGS:
            m = results[lang]["methods"]
            n, b, per = results[lang]["available"]
            f.write(f"{lang}\t{m.get('prose', 'none')}\t{m.get('docs', 'none')}\t{m.get('ui', 'none')}\t"
                    f"{m.get('wordlist', '-')}\t{results[lang]['heldout_groups']}\t{n}\t{b}\t"
                    f"{per['prose']}\t{per['docs']}\t{per['ui']}\n")
    with open(os.path.join(out, "dropped.tsv"), "w", encoding="utf-8") as f:
        f.write("lang\treason\tlines\n")
        for lang in LANGS:
            for r, n in sorted(drops.get(lang, {}).items()):
                f.write(f"{lang}\t{r}\t{n}\n")
    used = defaultdict(set)
    for lang in LANGS:
        for p, ls in results[lang]["packages"].items():
            used[p].update(ls)
    wl_pkgs = {"tesseract-ocr-mlt": "mt", "tesseract-ocr-ltz": "lb", "tesseract-ocr-fao": "fo",
               "myspell-fo": "fo", "tesseract-ocr-eng": "mt lb fo"}
    with open(os.path.join(out, "packages.tsv"), "w", encoding="utf-8") as f:
        f.write("package\tversion\tlicence\tlanguages\n")
        for m in metas:
            p = m["package"]
            langs = sorted(used.get(p, set()) | set(wl_pkgs.get(p, "").split()))
            if not langs:
                continue
            lic = m.get("licence") or "(no copyright file)"
            f.write(f"{p}\t{m['version']}\t{lic[:400]}\t{' '.join(langs)}\n")


if __name__ == "__main__":
    main()
