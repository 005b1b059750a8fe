package dev.eksrole.bench.apps;

/** The floor of JVM start-up: the suite runs this from a jar of its own, as eksrole runs from its jar. */
public final class HelloWorld {

    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
