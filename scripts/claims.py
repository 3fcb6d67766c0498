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
    "02_jena_rnn": {
        "sampler_ratio": {
            "en": r"WindowSampler \(helpers\)\s+[\d,]+ batches/s\s+\(([\d.]+)× the generator\)",
            "ko": r"\(제너레이터의\s+([\d.]+)배\)\s+WindowSampler",
        },
        "tfdata_ratio": {
            "en": r"timeseries_dataset_from_array\s+[\d,]+ batches/s\s+\(([\d.]+)×",
            "ko": r"\(제너레이터의\s+([\d.]+)배\)\s+timeseries_dataset_from_array",
        },
        "last_hour_mae": {
            "en": r"last hour \(the baseline\)\s+MAE ([\d.]+)",
            "ko": r"마지막 시간 \(기준 모델\)\s+MAE ([\d.]+)",
        },
        "ten_days_mae": {
            "en": r"first hour, ten days back\s+MAE ([\d.]+)",
            "ko": r"첫 시간, 열흘 전\s+MAE ([\d.]+)",
        },
        "window_mean_mae": {
            "en": r"mean of the window\s+MAE ([\d.]+)",
            "ko": r"윈도의 평균\s+MAE ([\d.]+)",
        },
        # exercise 2: the baseline at each horizon
        **{
            f"baseline_{h}h": {
                "en": rf"delay +{h} h: baseline MAE ([\d.]+)",
                "ko": rf"delay +{h}시간: 기준 모델 MAE ([\d.]+)",
            }
            for h in (1, 6, 12, 24, 48)
        },
    },
    "03_jena_conv_hybrid": {
        "hybrid_gap_c": {
            "en": r"by ([\d.]+) °C \(one run",
            "ko": r"([\d.]+) °C 차이\(한 번의 실행",
        },
        "chapter_minutes": {
            "en": r"the whole chapter: ([\d.]+) minutes",
            "ko": r"이 장 전체: ([\d.]+)분",
        },
        "cores": {"en": r"minutes on (\d+) CPU cores", "ko": r"\(CPU 코어 (\d+)개\)"},
        "gru3_minutes": {
            "en": r"\n  GRU, 30-min steps: ([\d.]+) minutes",
            "ko": r"\n  GRU, 30분 스텝: ([\d.]+)분",
        },
        # the training MAE (Keras's "loss") at epochs 5 and 20 of each model, in training order
        **{
            f"{model}_loss_{epoch}": {
                lang: rf"(?:\b{epoch}/20: [^\n]*[\s\S]*?){{{n}}}\b{epoch}/20: [^,]*, {w} ([\d.]+)"
                for lang, w in (("en", "loss"), ("ko", "손실"))
            }
            for n, model in enumerate(("convnet", "hybrid", "hybrid_long", "gru3"))
            for epoch in (5, 20)
        },
    },
    "05_conv_wavenet": {
        # section 5's benchmark: its table (steps, GRU s/epoch, WaveNet s/epoch, GRU / WaveNet)
        "gru_50_s": r"\n50 +([\d.]+) +[\d.]+ +[\d.]+\n",
        "wavenet_50_s": r"\n50 +[\d.]+ +([\d.]+) +[\d.]+\n",
        "ratio_50": r"\n50 +[\d.]+ +[\d.]+ +([\d.]+)\n",
        "ratio_500": r"\n500 +[\d.]+ +[\d.]+ +([\d.]+)\n",
        "ratio_5000": r"\n5000 +[\d.]+ +[\d.]+ +([\d.]+)\n",
        # and the lines under it: time at the longer length / time at the shorter
        "gru_growth_short": r"\b50 -> 500 ?(?:steps|스텝): GRU ×([\d.]+)",
        "wavenet_growth_short": r"\b50 -> 500 ?(?:steps|스텝): GRU ×[\d.]+, WaveNet ×([\d.]+)",
        "gru_growth_long": r"\b500 -> 5,000 ?(?:steps|스텝): GRU ×([\d.]+)",
        "wavenet_growth_long": r"\b500 -> 5,000 ?(?:steps|스텝): GRU ×[\d.]+, WaveNet ×([\d.]+)",
    },
}

CLAIMS: dict[str, str] = {
    # 01: the convnet and the LSTM on IMDB
    "01.conv_above_reference": "conv1d.value > conv1d.reference",
    "01.lstm_ahead_on_validation": "lstm.value > conv1d.value",
    "01.lstm_ahead_on_test_beyond_conv_spread": (
        "lstm_test.value - conv1d_test.value > conv1d_test.spread.hi - conv1d_test.spread.lo"
        " and lstm_test.value > conv1d_test.spread.hi"
    ),
    "01.lstm_fewer_parameters": "out.lstm_params < out.conv_params / 2",
    # machine-dependent: the sentence gives the measured figures
    "01.lstm_epoch_not_longer": "out.speed_ratio < 1 and other.out.speed_ratio < 1",
    # 02: the Jena models
    "02.dense_above_baseline": "dense.value > baseline.value",
    "02.stacked_costs_more": "stacked.seconds > 1.5 * gru.seconds",
    "02.bidirectional_costs_more": "bidirectional.seconds > gru.seconds",
    # the reference's budget (helpers/reference_budget.json): GRU best early, then overfits
    "02.budget_gru_overfits": (
        "budget.gru.epoch.lo == budget.gru.epoch.hi <= 5"
        " and budget.gru.last.lo > budget.gru.baseline"
        " and budget.gru.train_last.hi < budget.gru.best.lo - 0.03"
    ),
    "02.budget_dropout_delays_overfitting": (
        "budget.gru_dropout.at(20).hi < budget.gru.at(20).lo"
        " and budget.gru_dropout.best.lo > budget.gru.best.lo - 0.005"
    ),
    "02.budget_gains_little": (
        "abs(gru.value - budget.gru.best.lo) < 0.01 and budget.gru.best.lo > gru.reference + 0.01"
    ),
    # machine-dependent: the sentence gives this run's figures
    "02.sampler_fastest_tfdata_slowest": "out.sampler_ratio > 2 and out.tfdata_ratio < 1",
    "02.ten_days_back_twice": "1.7 <= out.ten_days_mae / out.last_hour_mae <= 2.5",
    "02.window_mean_between": "out.last_hour_mae < out.window_mean_mae < out.ten_days_mae",
    "02.reversed_near_the_mean": (
        "abs(reversed.value - out.window_mean_mae) < 0.05 and reversed.value > baseline.value + 0.1"
    ),
    "02.twelve_hours_largest": (
        "out.baseline_12h"
        " > max(out.baseline_1h, out.baseline_6h, out.baseline_24h, out.baseline_48h)"
    ),
    "02.test_mostly_below_validation": (
        "baseline.test_mae < baseline.value and [m.test_mae < m.value for m in models].count(True)"
        " > [m.test_mae >= m.value for m in models].count(True)"
    ),
    # machine-dependent: the sentence gives this run's figures
    "02.dropout_costs_time": "gru_dropout.seconds > gru.seconds",
    # the same notebook's run in the other language (beside this one, on the other core)
    "02.costs_in_the_same_order_in_both_runs": (
        "stacked.seconds > bidirectional.seconds > gru_dropout.seconds > gru.seconds"
        " and other.stacked.seconds > other.bidirectional.seconds"
        " > other.gru_dropout.seconds > other.gru.seconds"
    ),
    # over the seeds of helpers/seed_spreads.json (scripts/seed_spread.py), at the full settings
    "02.forward_models_under_baseline_every_seed": (
        "max(m.spread.hi for m in [gru, gru_dropout, stacked, bidirectional]) < baseline.value"
        " and dense.spread.lo > baseline.value"
    ),
    "02.gru_under_dropout_and_stacked_each_seed": (
        "all(g < d and g < s for g, d, s in"
        " zip(gru.spread.values, gru_dropout.spread.values, stacked.spread.values))"
    ),
    "02.gru_and_bidirectional_not_ranked": (
        "gru.spread.lo <= bidirectional.spread.hi and bidirectional.spread.lo <= gru.spread.hi"
        " and not all(g < b for g, b in zip(gru.spread.values, bidirectional.spread.values))"
        " and not all(b < g for g, b in zip(gru.spread.values, bidirectional.spread.values))"
    ),
    # 03: the convnet and the hybrid
    "03.speedup_under_step_ratio": (
        "gru3.seconds / hybrid.seconds < 480 / 154"
        " and other.gru3.seconds / other.hybrid.seconds < 480 / 154"
    ),
    "03.convnet_above_baseline": "convnet.value > baseline.value",
    "03.test_period_like_validation": (
        "gru3.test_mae < gru3.test_baseline and hybrid.test_mae > hybrid.test_baseline"
        " and hybrid_long.test_mae > hybrid_long.test_baseline"
        " and convnet.test_mae > 1.5 * convnet.test_baseline"
    ),
    # the reference's budget (helpers/reference_budget.json)
    "03.budget_hybrid_above_its_baseline": (
        "budget.hybrid.best.lo > budget.hybrid.baseline"
        " and budget.hybrid.last.lo > budget.hybrid.best.hi and gru3.value < budget.hybrid.baseline"
    ),
    "03.budget_dropout_gru_beats_hybrid": (
        "budget.gru_dropout.within(20).hi < budget.hybrid.best.lo"
        " and ch02.gru_dropout.reference < hybrid.reference"
    ),
    "03.convnet_overfits": (
        "convnet.last > convnet.value and out.convnet_loss_20 < out.convnet_loss_5"
    ),
    # over seeds 42, 0, 1 at the full settings (helpers/seed_spreads.json)
    "03.hybrid_under_hybrid_long_every_seed": "hybrid.spread.hi < hybrid_long.spread.lo",
    "03.gru3_under_baseline_and_hybrid_every_seed": (
        "gru3.spread.hi < baseline.value and gru3.spread.hi < hybrid.spread.lo"
    ),
    "03.best_then_drift": (
        "min(m.last - m.value for m in models if m.epoch) > 0"
        " and out.convnet_loss_20 < out.convnet_loss_5"
        " and out.hybrid_loss_20 < out.hybrid_loss_5"
        " and out.hybrid_long_loss_20 < out.hybrid_long_loss_5"
        " and out.gru3_loss_20 < out.gru3_loss_5"
    ),
    "03.plain_gru_costs_most": "gru3.seconds == max(m.seconds for m in models if m.seconds)",
    # machine-dependent: the sentence gives this run's figures
    "03.under_an_hour": "out.chapter_minutes < 60",
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
    "04.dense_output_faster": "deep_dense.seconds < deep.seconds",
    # 05: Conv1D + GRU and WaveNet
    "05.seq2seq_beats_both_at_every_seed": (
        "max(ch04.seq2seq.spread.values) < min(conv_gru.spread.values + wavenet.spread.values)"
    ),
    "05.order_depends_on_seed": (
        "conv_gru.spread.values[0] < wavenet.spread.values[0]"
        " and conv_gru.spread.values[1] > wavenet.spread.values[1]"
        " and conv_gru.spread.values[2] > wavenet.spread.values[2]"
    ),
    # 05, machine-dependent (section 5's benchmark): the sentences give the measured figures
    "05.dilation_helps": (
        "min(causal_conv.spread.values)"
        " > max(wavenet.spread.values + conv_gru.spread.values)"
        " and causal_conv.value > 3 * wavenet.value"
    ),
    "05.wavenet_starts_lower": "out.wavenet_50_s < out.gru_50_s",
    "05.gru_grows_faster_than_length": "out.gru_growth_long > 10",
    "05.wavenet_grows_slower_than_gru": (
        "out.wavenet_growth_short < out.gru_growth_short"
        " and out.wavenet_growth_long < out.gru_growth_long"
    ),
    "05.ratio_widens_with_length": "out.ratio_50 < out.ratio_500 < out.ratio_5000",
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
        "40": "the reference's epochs for the GRU with dropout (DLwP §6.3.7)",
        "20": "the reference's epochs (DLwP §6.3.6), which scripts/reference_budget.py trains",
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
        "2.0": "the TensorFlow version the reference ran (HOML 2nd ed.)",
    },
    "05_conv_wavenet": {
        "7,000": "the split of the 10,000 series: constants of the data",
        "2,000": "the split of the 10,000 series: constants of the data",
        "1,000": "the split of the 10,000 series: constants of the data",
        "127": "arithmetic the text shows (exercise 1)",
        "126": "arithmetic the text shows (exercise 1: 127 − 1)",
    },
}
