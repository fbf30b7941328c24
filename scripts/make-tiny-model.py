#!/usr/bin/python3
"""Writes a tiny BERT-style feature-extraction model for the tests.

No real model weights can be installed on our machines, yet the transformers.js
loading and inference path must be tested for real. This script generates a
model folder in the layout transformers.js reads for a local model:

    config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx

The graph is an embedding lookup (word + position + token type), one dense
layer and a tanh, masked by attention_mask. Weights come from a fixed seed, so
the output is byte-for-byte reproducible. It proves plumbing, not quality.

Usage: /usr/bin/python3 scripts/make-tiny-model.py [output-folder]
Default output: test/fixtures/models/tiny-bert-nl
"""

import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 32
MAX_POSITIONS = 128
TYPE_VOCAB = 2
SEED = 20240501

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Single characters and their continuation pieces, so every lower-case Dutch
# word can be tokenised into known pieces instead of [UNK].
CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789éëèïöüáó")
PUNCTUATION = list(".,!?;:'\"()-/")

# Frequent Dutch words, many from what families say about youth care.
WORDS = """
de het een en van ik je jij u hij zij ze we wij mijn mij me ons onze jouw zijn haar hun
is was ben bent heb hebt heeft had hadden wordt werd worden kan kon kunnen wil wilde willen
moet moest moeten mag mocht mogen zou zouden ga gaat gaan ging gingen kom komt komen kwam
zeg zegt zeggen zei vind vindt vinden voel voelt voelde weet wist weten denk denkt dacht
niet geen wel ook nog al maar want dus of als dan toen omdat zodat dat die dit deze wat wie
waar wanneer hoe waarom er hier daar nu straks altijd nooit soms vaak heel erg veel weinig
meer minder te in op aan met voor na bij naar uit over onder door tegen zonder tussen om tot
goed slecht fijn leuk moeilijk lastig blij boos bang verdrietig alleen samen eerlijk rustig
moeder vader mama papa ouders ouder kind kinderen jongere jongeren zus broer familie gezin
pleeggezin pleegouders oma opa vriend vrienden school klas juf meester thuis huis kamer groep
jeugdzorg zorg hulp hulpverlener hulpverleners begeleider begeleiding mentor voogd gemeente
wijkteam instelling behandeling therapie gesprek gesprekken afspraak afspraken plan dossier
wachtlijst wachten wachttijd maanden weken jaar jaren dag dagen week maand tijd keer
luisteren luisterde luistert gehoord horen praten praat vertellen verhaal verhalen vragen
vraag antwoord mening keuze kiezen beslissen besluit inspraak meedenken meepraten
vertrouwen veilig veiligheid onveilig privacy geheim toestemming delen gedeeld
steeds opnieuw telkens wisselen wisselde nieuwe nieuw andere ander vaste vast contactpersoon
achttien volwassen nazorg wonen woning werk geld stoppen stopte stopt afgelopen
uithuisplaatsing gesloten opgenomen opname crisis politie rechter
diagnose label etiket probleem problemen stempel
bureaucratie formulieren papierwerk personeel verloop werkdruk ziek vervanging
snel langzaam laat vroeg eindelijk gelukkig jammer helaas echt gewoon eigenlijk
""".split()

# Continuation pieces for common Dutch endings and compound joints.
SUFFIXES = """
##en ##e ##s ##je ##jes ##tje ##pje ##heid ##ing ##ingen ##lijk ##lijke ##baar ##de ##te
##den ##ten ##er ##ers ##st ##ste ##ig ##ige ##isch ##ische ##schap ##zorg ##hulp ##plaats
##plaatsing ##gesprek ##lijst ##tijd ##werk ##huis ##school
""".split()


def vocabulary():
    tokens = SPECIAL + PUNCTUATION + CHARS + ["##" + c for c in CHARS] + WORDS + SUFFIXES
    seen = set()
    ordered = []
    for token in tokens:
        if token not in seen:
            seen.add(token)
            ordered.append(token)
    return {token: index for index, token in enumerate(ordered)}


def tokenizer_json(vocab):
    def added(token):
        return {"id": vocab[token], "content": token, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": False, "special": True}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(t) for t in SPECIAL],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": False, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [vocab[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


def tokenizer_config():
    return {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "strip_accents": False,
        "model_max_length": MAX_POSITIONS,
        "pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]",
        "sep_token": "[SEP]", "mask_token": "[MASK]",
        "clean_up_tokenization_spaces": True,
    }


def model_config(vocab_size):
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": vocab_size,
        "hidden_size": HIDDEN,
        "num_hidden_layers": 1,
        "num_attention_heads": 1,
        "intermediate_size": HIDDEN,
        "max_position_embeddings": MAX_POSITIONS,
        "type_vocab_size": TYPE_VOCAB,
        "pad_token_id": 0,
        "transformers.js_config": {"dtype": "fp32"},
    }


def graph(vocab_size):
    rng = np.random.default_rng(SEED)

    def weight(name, *shape, scale=1.0):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    initializers = [
        weight("word_embeddings", vocab_size, HIDDEN),
        weight("position_embeddings", MAX_POSITIONS, HIDDEN, scale=0.3),
        weight("token_type_embeddings", TYPE_VOCAB, HIDDEN, scale=0.1),
        weight("dense_weight", HIDDEN, HIDDEN, scale=1.0 / np.sqrt(HIDDEN)),
        weight("dense_bias", HIDDEN, scale=0.1),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "seq_axis"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
    ]
    nodes = [
        helper.make_node("Gather", ["word_embeddings", "input_ids"], ["word"]),
        # Position ids 0..seq-1 per row: cumulative sum of ones along the sequence axis, minus one.
        helper.make_node("Shape", ["input_ids"], ["ids_shape"]),
        helper.make_node("ConstantOfShape", ["ids_shape"], ["ones"],
                         value=numpy_helper.from_array(np.array([1], dtype=np.int64))),
        helper.make_node("CumSum", ["ones", "seq_axis"], ["counts"]),
        helper.make_node("Sub", ["counts", "one"], ["position_ids"]),
        helper.make_node("Gather", ["position_embeddings", "position_ids"], ["position"]),
        helper.make_node("Gather", ["token_type_embeddings", "token_type_ids"], ["token_type"]),
        helper.make_node("Add", ["word", "position"], ["word_position"]),
        helper.make_node("Add", ["word_position", "token_type"], ["embedded"]),
        helper.make_node("MatMul", ["embedded", "dense_weight"], ["projected"]),
        helper.make_node("Add", ["projected", "dense_bias"], ["biased"]),
        helper.make_node("Tanh", ["biased"], ["activated"]),
        # Padding positions give zero vectors, as a real encoder's pooling would ignore them.
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "last_axis"], ["mask_3d"]),
        helper.make_node("Mul", ["activated", "mask_3d"], ["last_hidden_state"]),
    ]
    dims = ["batch_size", "sequence_length"]
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, dims)
              for name in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dims + [HIDDEN])]
    g = helper.make_graph(nodes, "tiny-bert-nl", inputs, outputs, initializers)
    model = helper.make_model(g, producer_name="gehoord-make-tiny-model",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("test", "fixtures", "models", "tiny-bert-nl")
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    vocab = vocabulary()
    write_json(os.path.join(out, "config.json"), model_config(len(vocab)))
    write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(vocab))
    write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config())
    onnx.save(graph(len(vocab)), os.path.join(out, "onnx", "model.onnx"))
    print(f"wrote {out}: vocab {len(vocab)}, hidden {HIDDEN}")


if __name__ == "__main__":
    main()
