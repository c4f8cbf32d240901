"""Shared look: sizes in points so 150 % scaling stays readable; plain, calm colours.

Progress bars: dark text on a light green chunk (contrast above 4.5 : 1 on both the filled
and the empty part), never black on dark green."""

STYLE = """
QWidget#page { background: #f6f7f9; }
QLabel#h1 { font-size: 18pt; font-weight: bold; color: #1b2a3a; }
QLabel#wizard-title { font-size: 15pt; font-weight: bold; color: #1b2a3a; }
QLabel#wizard-year { font-size: 13pt; color: #1b2a3a; }
QLabel#h2 { font-size: 14pt; font-weight: bold; color: #1b2a3a; }
QLabel#question { font-size: 16pt; color: #111; }
QLabel#muted { color: #555; }
QLabel#banner, QLabel[role="banner"] { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 6px; padding: 8px; }
QLabel#error { color: #b00020; }
QFrame#card { background: white; border: 1px solid #d5d9e0; border-radius: 8px; }
QRadioButton, QCheckBox { font-size: 13pt; padding: 6px; spacing: 10px; }
QRadioButton::indicator, QCheckBox::indicator { width: 22px; height: 22px; }
QPushButton { padding: 6px 14px; }
QPushButton[primary="true"] { background: #1f5fbf; color: white; border-radius: 4px; padding: 8px 18px; font-weight: bold; }
QPushButton[primary="true"]:disabled { background: #9db3d6; }
QLabel[role="provisional"] { background: #fde8e8; border: 1px solid #c62828; border-radius: 4px; padding: 4px 6px; color: #7f1010; }
QLabel[role="done"] { color: #1b5e20; font-weight: bold; }
QLabel[status="met"] { color: #2e7d32; font-weight: bold; }
QLabel[status="not_met"] { color: #b00020; font-weight: bold; }
QLabel[status="unknown"] { color: #555555; font-weight: bold; }
QProgressBar { min-height: 18px; border: 1px solid #8a94a3; border-radius: 4px; text-align: center;
               background: white; color: #111; }
QProgressBar::chunk { background: #a5d6a7; border-radius: 3px; }
"""

# Side-list colours: answered / unanswered / carried-over / flagged / not applicable.
COLOR_ANSWERED = "#2e7d32"
COLOR_UNANSWERED = "#b00020"
COLOR_CARRIED = "#a15c00"
COLOR_FLAGGED = "#6a1b9a"
COLOR_NA = "#888888"
