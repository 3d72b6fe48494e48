package moodstream.trainer.export;

/** The exported ONNX model computes something other than the DL4J network it came from. */
public class ParityCheckFailedException extends RuntimeException {

    public ParityCheckFailedException(String message) {
        super(message);
    }
}
