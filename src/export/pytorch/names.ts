// Python names for node ids. Ids are identifier-like but may hold "-" and may be a Python
// keyword ("in"), a name the file itself uses ("torch", "F") or an nn.Module attribute
// ("training", "forward"); those get a trailing "_". A renamed node keeps its id in the
// comments, and its state_dict keys follow the Python name (that is what load_state_dict reads).

const PYTHON_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for " +
    "from global if import in is lambda nonlocal not or pass raise return try while with yield match case"
  ).split(" "),
);

/** Names forward reads besides its own locals: the modules it calls and its result. */
const FILE_NAMES = new Set("self torch nn F math objective super".split(" "));

/** Attributes of nn.Module (torch 1.13) that a submodule of the same name would shadow. */
const MODULE_ATTRS = new Set(
  (
    "T_destination add_module apply bfloat16 buffers children cpu cuda double dump_patches eval " +
    "extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half ipu " +
    "load_state_dict modules named_buffers named_children named_modules named_parameters parameters " +
    "register_backward_hook register_buffer register_forward_hook register_forward_pre_hook " +
    "register_full_backward_hook register_load_state_dict_post_hook register_module register_parameter " +
    "requires_grad_ set_extra_state share_memory state_dict to to_empty train training type xpu zero_grad " +
    "metrics"
  ).split(" "),
);

/** Hands out unique Python identifiers, preferring the node id itself. */
export class PyNames {
  private readonly used = new Set<string>();

  /** A fresh identifier based on `want` ("fc-1" → "fc_1", "in" → "in_"). */
  take(want: string): string {
    let base = want.replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    if (base.startsWith("__")) base = `n${base}`;
    if (PYTHON_KEYWORDS.has(base) || FILE_NAMES.has(base) || MODULE_ATTRS.has(base)) base = `${base}_`;
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}
