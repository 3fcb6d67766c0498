"""What the chapters' prose says about their runs, as data (read by ``scripts/prose.py``).

``OUTPUTS``: per chapter, a figure printed in its outputs, by name → the pattern that finds it
(its first group), the same for both languages or one per language; marks read them as
``out.NAME``.

``CLAIMS``: claim name → an expression over the chapter's record (the names of
``scripts/prose.py``) that is true while the run supports the sentence that ends with
``<!-- claim:NAME -->``; every claim is cited in both languages and checked on each one's
committed record. A claim's name starts with its chapter's number.

``ALLOWED``: per chapter, a figure equal to an output of the run that the prose types without
a mark → why (the reference's numbers, with their source; constants of the code or of the
data; arithmetic the text shows).
"""

from __future__ import annotations

OUTPUTS: dict[str, dict[str, str | dict[str, str]]] = {
    "01_conv1d_imdb": {
        "speed_ratio": {
            "en": r"the LSTM's epoch takes ([\d.]+)× the convnet's",
            "ko": r"LSTM의 에포크는 컨브넷의 ([\d.]+)배",
        },
        "conv_epoch_s": {
            "en": r"1D convnet .*?→ ([\d.]+) s for an epoch",
            "ko": r"1D 컨브넷 .*?에포크 하나에 ([\d.]+)초",
        },
        "lstm_epoch_s": {
            "en": r"LSTM .*?→ ([\d.]+) s for an epoch",
            "ko": r"LSTM .*?에포크 하나에 ([\d.]+)초",
        },
        "conv_params": r"conv1d_imdb[\s\S]*?Total params: ([\d,]+)",
        "lstm_params": r"lstm_imdb[\s\S]*?Total params: ([\d,]+)",
        "padded_share": {"en": r"([\d.]+)%\),\n", "ko": r"채워진 리뷰 [\d,]+개 \(([\d.]+)%\)"},
        "cut_share": {"en": r"cut \(([\d.]+)%\)", "ko": r"잘린 리뷰 [\d,]+개 \(([\d.]+)%\)"},
        "median_words": {"en": r"median words kept: (\d+)", "ko": r"중앙값: (\d+)"},
    },
}

CLAIMS: dict[str, str] = {
    # 01: the convnet and the LSTM on IMDB
    "01.conv_above_reference": "conv1d.value > conv1d.reference",
    "01.lstm_ahead_on_validation": "lstm.value > conv1d.value",
    "01.test_gap_within_seed_spread": (
        "abs(lstm_test.value - conv1d_test.value) <= conv1d_test.spread.hi - conv1d_test.spread.lo"
    ),
    "01.lstm_fewer_parameters": "out.lstm_params < out.conv_params / 2",
    # machine-dependent: the sentence gives the measured figures
    "01.same_batch_epochs_close": "0.75 <= out.speed_ratio <= 1.35",
    # 02: the Jena models
    "02.dense_above_baseline": "dense.value > baseline.value",
    "02.stacked_costs_more": "stacked.seconds > 1.5 * gru.seconds",
    "02.bidirectional_costs_more": "bidirectional.seconds > gru.seconds",
    # 03: the convnet and the hybrid
    "03.speedup_under_step_ratio": "gru3.seconds / hybrid.seconds < 480 / 154",
    "03.convnet_above_baseline": "convnet.value > baseline.value",
    # 04: forecasting the synthetic series
    "04.naive_matches_reference": "round(naive.value, 4) == naive.reference",
    "04.linear_beats_naive": "linear.value < naive.value",
    "04.one_neuron_between": "linear.value < rnn1.value < naive.value",
    "04.deep_beats_linear": "deep.value < linear.value",
    "04.all_at_once_beats_one_at_a_time": "rnn10.value < one_at_a_time.value",
    "04.lstm_gru_reference_in_seed_range": (
        "lstm.spread.lo <= lstm.reference <= lstm.spread.hi"
        " and gru.spread.lo <= gru.reference <= gru.spread.hi"
    ),
    "04.seq2seq_far_below_reference": "seq2seq.spread.hi < 0.65 * seq2seq.reference",
    # 05: Conv1D + GRU and WaveNet
    "05.seq2seq_beats_both_at_every_seed": (
        "max(ch04.seq2seq.spread.values) < min(conv_gru.spread.values + wavenet.spread.values)"
    ),
    "05.order_depends_on_seed": (
        "conv_gru.spread.values[0] < wavenet.spread.values[0]"
        " and conv_gru.spread.values[1] > wavenet.spread.values[1]"
        " and conv_gru.spread.values[2] > wavenet.spread.values[2]"
    ),
}

ALLOWED: dict[str, dict[str, str]] = {
    "01_conv1d_imdb": {
        "0.5": "the accuracy metric's threshold: a constant of Keras",
        "25,000": "the size of IMDB's training and test sets (fixed by the data)",
        "20,000": "80 % of the 25,000 training reviews: the split of validation_split=0.2",
        "5,000": "20 % of the 25,000 training reviews: the split of validation_split=0.2",
        "10,000": "MAX_FEATURES, a constant of the code",
        "0.838": "the reference's figure (DLwP §6.4.3), also a constant of the code",
        "6": "the reference's best epoch (DLwP §6.4.3)",
        "494": "arithmetic the text shows (500 − 7 + 1)",
        "1,280,000": "arithmetic the text shows (10,000 × 128)",
        "28,704": "arithmetic the text shows (7 · 128 · 32 + 32)",
        "7,200": "arithmetic the text shows (7 · 32 · 32 + 32)",
        "320,000": "arithmetic the text shows (10,000 × 32)",
        "334,433": "arithmetic the text shows (the sum beside it)",
        "2,595,937": "arithmetic the text shows (exercise 2)",
    },
    "02_jena_rnn": {
        "40": "the reference's epochs (DLwP §6.3.6)",
        "9,999": "the Jena file's marker for a missing wind speed (a constant of the data)",
        "2.57": "the reference's baseline in °C (DLwP §6.3.5)",
        "3,360": "arithmetic the text shows (240 × 14)",
        "4,608": "arithmetic the text shows (exercise 1)",
        "18,816": "arithmetic the text shows (exercise 1)",
        "9,216": "arithmetic the text shows (exercise 1)",
    },
    "03_jena_conv_hybrid": {
        "2.57": "the reference's baseline in °C (DLwP §6.3.5)",
        "476": "arithmetic the text shows (480 − 4)",
        "158": "arithmetic the text shows (⌊476 / 3⌋)",
        "154": "arithmetic the text shows (158 − 4), a constant of the architecture",
        "468": "arithmetic the text shows (exercise 2)",
        "156": "arithmetic the text shows (exercise 2)",
        "25.5": "arithmetic the text shows (51 half-hours)",
        "3.1": "arithmetic the text shows (480 / 154)",
        "13,793": "the hybrid's parameters: a constant of the architecture",
        "6,336": "the hybrid GRU's parameters: a constant of the architecture",
        "4,608": "the plain GRU's parameters: a constant of the architecture",
        "198,560": "training windows: fixed by the split of the data",
        "98,559": "validation windows: fixed by the split of the data",
        "16,427": "validation windows at VAL_STRIDE: fixed by the split of the data",
        "2.5": "the convnet's reach, fixed by the architecture (section 2)",
        "6.5": "the convnet's reach, fixed by the architecture (section 2)",
        "6.4": "the warm spells of exercise 1: constants of the code",
        "2.6": "the warm spells of exercise 1: constants of the code",
    },
    "04_rnn_forecasting": {
        "7,000": "the split of the 10,000 series: constants of the data",
        "1,000": "the split of the 10,000 series: constants of the data",
        "0.01": "the reference's learning rate (HOML ch. 15)",
        "0.1": "a threshold of exercise 1: a constant of the code",
        "0.5": "w_x of section 1: a constant of the code",
        "0.8": "w_y of section 1: a constant of the code",
        "0.95": "w_y of exercise 1: a constant of the code",
        "440": "arithmetic the text shows (exercise 3)",
        "820": "arithmetic the text shows (exercise 3)",
        "1,282": "arithmetic the text shows (exercise 3)",
        "1,281": "arithmetic the text shows (exercise 3)",
        "0.227": "the reference's slides (HOML ch. 15 slides)",
    },
    "05_conv_wavenet": {
        "7,000": "the split of the 10,000 series: constants of the data",
        "2,000": "the split of the 10,000 series: constants of the data",
        "1,000": "the split of the 10,000 series: constants of the data",
        "127": "arithmetic the text shows (exercise 1)",
        "126": "arithmetic the text shows (exercise 1: 127 − 1)",
    },
}
