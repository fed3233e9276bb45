import { Abs } from "./Abs";
import { Adagrad } from "./Adagrad";
import { Adam } from "./Adam";
import { Add } from "./Add";
import { AvgPool2d } from "./AvgPool2d";
import { BatchNorm1d } from "./BatchNorm1d";
import { BatchNorm2d } from "./BatchNorm2d";
import { BCEWithLogitsLoss } from "./BCEWithLogitsLoss";
import { Concat } from "./Concat";
import { Constant } from "./Constant";
import { Conv2d } from "./Conv2d";
import { ConvTranspose2d } from "./ConvTranspose2d";
import { Cos } from "./Cos";
import { CrossEntropyLoss } from "./CrossEntropyLoss";
import { Dataset } from "./Dataset";
import { Detach } from "./Detach";
import { Div } from "./Div";
import { Dropout } from "./Dropout";
import { ELU } from "./ELU";
import { Embedding } from "./Embedding";
import { Exp } from "./Exp";
import { Flatten } from "./Flatten";
import { GaussianKL } from "./GaussianKL";
import { GELU } from "./GELU";
import { GRU } from "./GRU";
import { GumbelSoftmax } from "./GumbelSoftmax";
import { Input } from "./Input";
import { L1Loss } from "./L1Loss";
import { L2Penalty } from "./L2Penalty";
import { LayerNorm } from "./LayerNorm";
import { LeakyReLU } from "./LeakyReLU";
import { Linear } from "./Linear";
import { Log } from "./Log";
import { LogSoftmax } from "./LogSoftmax";
import { LSTM } from "./LSTM";
import { MatMul } from "./MatMul";
import { MaxPool2d } from "./MaxPool2d";
import { Mean } from "./Mean";
import { MSELoss } from "./MSELoss";
import { Mul } from "./Mul";
import { NLLLoss } from "./NLLLoss";
import { NormalSample } from "./NormalSample";
import { Parameter } from "./Parameter";
import { Pow } from "./Pow";
import { ReLU } from "./ReLU";
import { Reshape } from "./Reshape";
import { RMSprop } from "./RMSprop";
import { RNN } from "./RNN";
import { SGD } from "./SGD";
import { Sigmoid } from "./Sigmoid";
import { Sin } from "./Sin";
import { Softmax } from "./Softmax";
import { Softplus } from "./Softplus";
import { Sqrt } from "./Sqrt";
import { Square } from "./Square";
import { StraightThrough } from "./StraightThrough";
import { Sub } from "./Sub";
import { Sum } from "./Sum";
import { Tanh } from "./Tanh";
import { Transpose } from "./Transpose";
import type { BlockDef } from "./types";

// biome-ignore lint/suspicious/noExplicitAny: the registry holds blocks of every params type
export type AnyBlock = BlockDef<any>;

/** Every block, by type. The palette, the compiler and the generated tests read this. */
export const blocks: Record<string, AnyBlock> = Object.fromEntries(
  [
    // data and values
    Input,
    Dataset,
    Constant,
    Parameter,
    // layers
    Linear,
    Conv2d,
    ConvTranspose2d,
    MaxPool2d,
    AvgPool2d,
    Flatten,
    Reshape,
    Dropout,
    BatchNorm1d,
    BatchNorm2d,
    LayerNorm,
    Embedding,
    RNN,
    LSTM,
    GRU,
    // activations
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
    GELU,
    Softplus,
    ELU,
    Softmax,
    LogSoftmax,
    // maths
    Add,
    Sub,
    Mul,
    Div,
    MatMul,
    Pow,
    Exp,
    Log,
    Sin,
    Cos,
    Sqrt,
    Abs,
    Square,
    Sum,
    Mean,
    Concat,
    Transpose,
    Detach,
    // losses
    MSELoss,
    L1Loss,
    CrossEntropyLoss,
    BCEWithLogitsLoss,
    NLLLoss,
    GaussianKL,
    L2Penalty,
    // probabilistic and relaxations
    NormalSample,
    GumbelSoftmax,
    StraightThrough,
    // optimisers
    SGD,
    Adam,
    RMSprop,
    Adagrad,
  ].map((d) => [d.type, d as AnyBlock]),
);

export function getBlock(type: string): AnyBlock | undefined {
  return Object.hasOwn(blocks, type) ? blocks[type] : undefined;
}

export type { BlockDef } from "./types";
