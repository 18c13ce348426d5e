"""The Brief Assessment of Recovery Capital's ten statements and its answers. Pure.

Vilsaint, C. L., Kelly, J. F., Bergman, B. G., Groshkova, T., Best, D., & White, W. (2017).
Development and validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol
and drug use disorder. Drug and Alcohol Dependence, 177, 71-76. Freely available; no
permission is needed to use it. Each statement is rated 1 (strongly disagree) to 6
(strongly agree); the total is their sum, 10-60, higher meaning more recovery capital.
"""

from __future__ import annotations

STATEMENTS = (
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
)
ANSWERS = (
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
)
"""For 1 to 6."""
CUT_OFF = 47
"""A total of 47 or more went with sustained remission (over 12 months) in the validation
sample (Vilsaint et al., 2017): a research finding about groups, not a pass mark."""
CITATION = (
    "Vilsaint, C. L., Kelly, J. F., Bergman, B. G., Groshkova, T., Best, D., & White, W. "
    "(2017). Development and validation of a Brief Assessment of Recovery Capital (BARC-10) "
    "for alcohol and drug use disorder. Drug and Alcohol Dependence, 177, 71-76."
)
CUT_OFF_WORDS = (
    "In the study that made the BARC-10, people scoring 47 or more were more likely to "
    "have been in sustained remission (over a year). It is a finding about groups, not a "
    "pass mark: your own trend over time says more."
)
